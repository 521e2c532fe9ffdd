// The README's library example: presign the S3 documentation's GET, offline.
#include <iostream>
#include "s3v4/sigv4/signer.hpp"  // link s3v4::sigv4 (libcrypto only)
using namespace s3v4::sigv4;

int main() {
    Credentials creds{"AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", ""};
    Request req{"GET", "/test.txt", "", {{"host", "examplebucket.s3.amazonaws.com"}},
                std::string(kUnsignedPayload)};
    auto t = parse_amz_date("20130524T000000Z");
    auto s = presign_request(req, creds, settings_for("s3", "us-east-1"), *t, 86400);
    if (!s) { std::cerr << s.error().message << "\n"; return 2; }
    std::cout << "https://examplebucket.s3.amazonaws.com/test.txt?" << s->query << "\n";
    std::cerr << s->canonical_request << "\n";   // every step is visible
}
