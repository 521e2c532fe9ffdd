// s3v4 rm s3://BUCKET/KEY: DeleteObject.
#include <iostream>

#include "client_setup.hpp"
#include "commands.hpp"
#include "common.hpp"
#include "help.hpp"
#include "s3v4/s3/names.hpp"

namespace s3v4::cli {

int rm_command(int argc, char** argv) {
    auto specs = client_flags();
    specs.push_back({"version-id", true});
    auto args = Args::parse(argc, argv, 2, specs, "rm");
    if (!args) return report(args.error());
    if (args->has("help")) return print_help("rm");
    if (args->positional().size() != 1) return report(usage_error("rm takes one s3://BUCKET/KEY"));
    auto uri = s3::parse_s3_uri(args->positional()[0]);
    if (!uri) return report(uri.error());
    if (auto st = s3::check_key(uri->key); !st) return report(st.error());
    auto client = make_client(*args);
    if (!client) return report(client.error());
    if (auto st =
            (*client)->delete_object(uri->bucket, uri->key, args->get("version-id").value_or(""));
        !st)
        return report(st.error());
    if (!args->has("quiet")) std::cout << "delete: " << s3::s3_uri(uri->bucket, uri->key) << "\n";
    return exit_ok;
}

}  // namespace s3v4::cli
