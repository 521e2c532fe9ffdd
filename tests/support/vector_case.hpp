// Loads one case of the AWS SigV4 test suite (tests/vectors/sigv4-suite*/v4/NAME/).
#pragma once

#include <string>
#include <vector>

#include "s3v4/sigv4/signer.hpp"

namespace testvec {

std::string read_file(const std::string& path);

struct SuiteCase {
    std::string name, dir;
    s3v4::sigv4::Request request;  // payload_hash filled as the case's context asks
    std::string body;
    s3v4::sigv4::Credentials credentials;
    s3v4::sigv4::Settings settings;
    s3v4::sigv4::AmzTime time;
    long expires = 3600;
    bool sign_body = false;
};

// Every case directory (sorted), as "SUITE/NAME" relative to the vectors folder.
std::vector<std::string> suite_case_names(const std::string& vectors_dir);

SuiteCase load_suite_case(const std::string& vectors_dir, const std::string& name);

// The unsigned HTTP request of request.txt: method, raw target, headers (folds unfolded).
void parse_request_txt(const std::string& text, s3v4::sigv4::Request& request, std::string& body);

}  // namespace testvec
