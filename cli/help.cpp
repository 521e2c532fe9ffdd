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

  explain   say why S3 refused: analyse an S3 error body from any client
  verify    check a presigned URL: signature, expiry, method, headers to send

Talking to S3:
  doctor    test credentials, endpoint, clock, bucket, region and permissions
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
  --debug           show credential source, endpoint, canonical request, string to sign,
                    headers sent and received, and error bodies (never the secret)

Exit status: 0 ok, 1 the server refused, 2 usage, 3 credentials/configuration,
4 network/TLS/timeout, 5 local file, 6 integrity check failed.
)";

const std::map<std::string, const char*> kCommands = {
    {"explain", R"(Usage: s3v4 explain [ERROR_XML|-] [OPTIONS]

Explains an S3 error body from any client (browser, SDK, boto3), offline. It checks the
body's own consistency, re-signs the server's StringToSign with the local secret (same
credential chain as every command) to tell a wrong secret from a wrong request, tries the
mistakes clients make most and confirms one when its signature matches, and flags what
looks wrong in the server's canonical request. Each finding starts with a stable code:
secret-mismatch secret-whitespace access-key-format method path-encoding query-encoding
header-value:NAME header-missing:NAME header-extra:NAME suspicious-header:NAME
payload-hash clock-skew region scope host-port expired signed-by-other-key.

Options:
  --canonical-request FILE   the client's own canonical request (from its debug log):
                             diffed line by line against the server's
  --string-to-sign FILE      the client's string to sign
  --region R                 the bucket's region, checked against the signed scope
  --now T                    the time to judge dates by (YYYYMMDDTHHMMSSZ)
  --json                     one JSON object

Exit status: 0 when the body could be analysed (whatever was found), 2 when the input is
not an S3 error body.

Example:
  s3v4 explain error.xml --canonical-request browser-creq.txt
)"},
    {"verify", R"(Usage: s3v4 verify URL [--method M] [--header 'Name: value']... [--now T] [--json]

Checks a presigned URL offline with the local secret: the signature, expiry (expired,
not-yet-valid, expiry-too-long), the key it was signed with, the method it was signed
for, and the headers whoever uses it must send (e.g. content-type on a browser PUT).

Exit status: 0 valid, 1 invalid or expired, 2 not a presigned URL.

Example:
  s3v4 verify "$URL" --method PUT --header 'Content-Type: image/jpeg'
)"},
    {"doctor", R"(Usage: s3v4 doctor [s3://BUCKET[/PREFIX]] [--json]

Tests the S3 connection the way an application will use it, one line per check:
credentials (and where they came from; whitespace or newlines are caught before any
request), endpoint and addressing, reachability, the clock against the server's, the
bucket and its region, then s3:ListBucket, s3:PutObject (a test object under PREFIX),
s3:GetObject (bytes compared), a presigned GET, and s3:DeleteObject (nothing is left
behind). When an action is denied it prints the least-privilege policy for the bucket.
The bucket defaults to S3_BUCKET. Exit status 0 only when every check passes.

Example:
  s3v4 doctor s3://product-photos-ai/originals/ --env-file server/.env
)"},
    {"put", R"(Usage: s3v4 put FILE|- s3://BUCKET/KEY [OPTIONS]

Uploads one file (or stdin, with -) as KEY, used literally: s3://B/dir/ creates the key
"dir/". The payload is signed (x-amz-content-sha256) and Content-MD5 is sent, so S3
rejects any byte changed on the way; a file that changes size during the upload is an
error, never a short object.

Options:
  --content-type T          default: guessed from the file extension
  --meta NAME=VALUE         user metadata x-amz-meta-NAME (repeatable)
  --sse AES256|aws:kms      server-side encryption
  --storage-class C         e.g. STANDARD_IA
  --cache-control V, --content-disposition V
  --if-none-match '*'       refuse to overwrite an existing object
  plus --region --endpoint --profile --env-file --path-style --virtual-host --debug
       --connect-timeout S (10) --stall-timeout S (30: no byte moved) --timeout S (none)
       --max-attempts N (5; retries use exponential backoff with full jitter)
       --ca-bundle FILE --insecure --quiet --no-progress
  Bodies over 8 MiB (and stdin) are sent aws-chunked: read once, every 256 KiB chunk
  signed as it goes. A progress line is shown on a terminal for transfers over 8 MiB.

Examples:
  s3v4 put cat.jpg s3://product-photos-ai/originals/cat.jpg
  tar cz dir | s3v4 put - s3://backups/dir.tgz --if-none-match '*'
)"},
    {"get", R"(Usage: s3v4 get s3://BUCKET/KEY FILE|- [OPTIONS]

Downloads KEY into FILE (or stdout, with -). The file is written beside the destination
under a temporary name and renamed into place only when complete and checked (length,
and MD5 when the ETag is one): a failed download never replaces or truncates FILE.

Options:
  --range bytes=A-B         part of the object
  --if-match ETAG, --if-none-match ETAG, --if-modified-since DATE
                            conditional GET; "not modified" (304) exits 0 and leaves
                            FILE untouched
  --version-id V            a specific version
  plus the connection options of put

Examples:
  s3v4 get s3://product-photos-ai/originals/cat.jpg cat.jpg
  s3v4 get s3://logs/app.log - --range bytes=0-1023 | head
)"},
    {"rm", R"(Usage: s3v4 rm s3://BUCKET/KEY [--version-id V]

Deletes one object (DeleteObject). S3 answers success for a key that does not exist.

Example:
  s3v4 rm s3://product-photos-ai/thumbs/cat.jpg
)"},
    {"ls", R"(Usage: s3v4 ls s3://BUCKET[/PREFIX] [OPTIONS]

Lists objects like aws s3 ls: "PRE name/" for common prefixes, then
"DATE TIME SIZE NAME", names relative to the prefix listed. All pages are followed over
one connection; keys are requested with encoding-type=url and decoded.

Options:
  --recursive         every key under the prefix, full names (no grouping by '/')
  --max-keys N        page size (1-1000)
  --start-after KEY   begin after this key
  --summarize         print the object count and total size
  --json              one JSON object per line ({"key","size","last_modified","etag",
                      "storage_class"} or {"prefix"})
  plus the connection options of put

Examples:
  s3v4 ls s3://product-photos-ai/
  s3v4 ls --recursive --summarize s3://product-photos-ai/thumbs/
)"},
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
  --json                      every intermediate string and the headers, as JSON
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
