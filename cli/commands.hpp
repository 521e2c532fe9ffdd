// One function per CLI command; each returns the process exit status.
#pragma once

namespace s3v4::cli {

int sign_command(int argc, char** argv);
int presign_command(int argc, char** argv);
int put_command(int argc, char** argv);
int get_command(int argc, char** argv);
int rm_command(int argc, char** argv);
int ls_command(int argc, char** argv);
int explain_command(int argc, char** argv);
int verify_command(int argc, char** argv);
int doctor_command(int argc, char** argv);

}  // namespace s3v4::cli
