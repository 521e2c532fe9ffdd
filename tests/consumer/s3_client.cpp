// Links the whole client (s3v4::s3): resolves where an object lives, without a request.
#include <iostream>
#include "s3v4/s3/endpoint.hpp"
#include "s3v4/s3/names.hpp"

int main() {
    auto uri = s3v4::s3::parse_s3_uri("s3://product-photos-ai/originals/cat.jpg");
    if (!uri) return 2;
    auto loc = s3v4::s3::locate_bucket(s3v4::s3::aws_endpoint("eu-west-1"), uri->bucket,
                                       s3v4::s3::Addressing::automatic);
    std::cout << loc.url(loc.object_path(uri->key)) << "\n";
}
