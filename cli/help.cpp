#include "help.hpp"

#include <iostream>
#include <map>

#include "common.hpp"

namespace s3v4::cli {

namespace {

const char* kOverview = R"(s3v4 - a small, exact S3 client and SigV4 signer

Usage: s3v4 COMMAND [OPTIONS]

Offline (no network):
  presign   print a presigned URL for s3://BUCKET/KEY (or many, with --stdin)
  sign      sign any HTTP request; print headers, canonical request, string to sign, curl

Talking to S3:
  put       upload a file or stdin to s3://BUCKET/KEY
  get       download s3://BUCKET/KEY to a file or stdout
  rm        delete s3://BUCKET/KEY
  ls        list s3://BUCKET[/PREFIX]

Run 's3v4 COMMAND --help' for the options and examples of a command.

Configuration (flags win, then --env-file, then the environment, then ~/.aws files):
  --region R        else AWS_REGION, AWS_DEFAULT_REGION, the profile's region, us-east-1
  --endpoint URL    else AWS_ENDPOINT_URL_S3, AWS_ENDPOINT_URL, https://s3.REGION.amazonaws.com
  --profile NAME    else AWS_PROFILE, else "default"
  --env-file FILE   read a dotenv file (AWS_*, S3_BUCKET, S3_PRESIGNED_URL_EXPIRY)
  --path-style | --virtual-host   force the addressing style

Exit status: 0 ok, 1 the server refused, 2 usage, 3 credentials/configuration,
4 network/TLS/timeout, 5 local file, 6 integrity check failed.
)";

const std::map<std::string, const char*> kCommands = {
    {"presign", R"(Usage: s3v4 presign s3://BUCKET/KEY [OPTIONS]
       s3v4 presign --stdin [s3://BUCKET] < keys.txt

Prints a presigned URL, computed offline. KEY is the literal object key ('%' is a
percent sign); each byte is encoded once.

Options:
  --method M          GET (default), PUT, HEAD or DELETE
  --expires SECONDS   1..604800; default S3_PRESIGNED_URL_EXPIRY, else 3600
  --content-type T    sign Content-Type: the uploader must send exactly this value
  --header 'N: v'     sign another header the user of the URL must send (repeatable)
  --time T            signing time YYYYMMDDTHHMMSSZ (default: now)
  --stdin             read s3://BUCKET/KEY or bare KEY lines (bucket from the argument,
                      else S3_BUCKET); print one URL per line; a bad line is reported on
                      stderr with its number and the exit status is 1
  plus --region --endpoint --profile --env-file --path-style --virtual-host

Examples:
  s3v4 presign s3://product-photos-ai/originals/cat.jpg --expires 600
  s3v4 presign s3://product-photos-ai/originals/up.jpg --method PUT --content-type image/jpeg
  printf 'thumbs/a.jpg\nthumbs/b.jpg\n' | s3v4 presign --stdin s3://product-photos-ai
)"},
    {"sign", R"(Usage: s3v4 sign --method METHOD --url URL [OPTIONS]

Signs an HTTP request offline with SigV4 and prints the result. The URL is taken as
sent on the wire: existing %XX escapes are kept, not encoded again.

Options:
  --header 'Name: value'      a header to sign and send (repeatable)
  --body-file FILE            payload hash = SHA-256 of the file
  --payload-hash HEX          payload hash given directly
  --unsigned-payload          payload hash = UNSIGNED-PAYLOAD
  --service NAME              default s3 (S3 rules); others use generic SigV4 rules
  --normalize-path yes|no     override: remove . .. and empty path segments
  --double-encode yes|no      override: encode the wire path again
  --content-sha256-header yes|no   override: add and sign x-amz-content-sha256
  --time T                    signing time YYYYMMDDTHHMMSSZ (default: now)
  --print WHAT                headers (default), canonical-request, string-to-sign,
                              signature, or curl (a runnable curl command)
  plus --region --profile --env-file

Examples:
  s3v4 sign --method GET --url https://examplebucket.s3.amazonaws.com/test.txt \
       --print canonical-request
  s3v4 sign --method PUT --url http://127.0.0.1:7480/bucket/key --body-file photo.jpg --print curl
)"},
};

}  // namespace

int print_help(const std::string& command) {
    if (command.empty()) {
        std::cout << kOverview;
        return exit_ok;
    }
    auto it = kCommands.find(command);
    if (it == kCommands.end()) {
        std::cerr << "s3v4: error: no help for unknown command '" << command
                  << "' (see s3v4 help)\n";
        return exit_usage;
    }
    std::cout << it->second;
    return exit_ok;
}

}  // namespace s3v4::cli
