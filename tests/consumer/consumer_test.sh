#!/usr/bin/env bash
# Builds tests/consumer three ways and checks each program's output:
#   1. find_package against `cmake --install` of the given build (and pkg-config),
#   2. add_subdirectory of the source tree,
#   3. the signer alone (S3V4_SIGV4_ONLY=ON), shared libraries, whose ldd must show only
#      libcrypto and the C/C++ runtime.
# Usage: consumer_test.sh SOURCE_DIR BUILD_DIR
set -uo pipefail
SRC=$(cd "$1" && pwd)
BUILD=$(cd "$2" && pwd)
WORK=$(mktemp -d /tmp/s3v4-consumer.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
pass=0 fail=0
check() {  # description, condition (exit status of the last command given as $2)
  if [[ "$2" == 0 ]]; then pass=$((pass + 1)); else fail=$((fail + 1)); echo "FAIL: $1"; fi
}
EXPECTED="https://examplebucket.s3.amazonaws.com/test.txt?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20130524%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Date=20130524T000000Z&X-Amz-Expires=86400&X-Amz-SignedHeaders=host&X-Amz-Signature=aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404"
quiet() { "$@" >"$WORK/log" 2>&1 || { tail -20 "$WORK/log"; return 1; }; }

# 1. Install, then find_package and pkg-config.
quiet cmake --install "$BUILD" --prefix "$WORK/prefix"; check "cmake --install" $?
for f in bin/s3v4 include/s3v4/sigv4/signer.hpp include/s3v4/s3/client.hpp \
         lib/cmake/s3v4/s3v4Config.cmake lib/pkgconfig/s3v4-sigv4.pc lib/pkgconfig/s3v4.pc \
         share/bash-completion/completions/s3v4; do
  [[ -e "$WORK/prefix/$f" ]]; check "installed $f" $?
done
version=$(grep -oP 'project\(s3v4 VERSION \K[0-9.]+' "$SRC/CMakeLists.txt")
[[ "$("$WORK/prefix/bin/s3v4" --version)" == "s3v4 $version" ]]; check "s3v4 --version is $version" $?
quiet cmake -S "$SRC/tests/consumer" -B "$WORK/c1" -DCMAKE_PREFIX_PATH="$WORK/prefix"; check "configure with find_package" $?
quiet cmake --build "$WORK/c1" -j2; check "build with find_package" $?
[[ "$("$WORK/c1/presign" 2>/dev/null)" == "$EXPECTED" ]]; check "find_package: presign prints the documented URL" $?
[[ "$("$WORK/c1/s3_client")" == "https://product-photos-ai.s3.eu-west-1.amazonaws.com/originals/cat.jpg" ]]
check "find_package: s3v4::s3 links and works" $?
export PKG_CONFIG_PATH="$WORK/prefix/lib/pkgconfig"
g++ -std=c++17 -o "$WORK/pc_presign" "$SRC/tests/consumer/presign.cpp" \
    $(pkg-config --cflags --libs --static s3v4-sigv4) 2>"$WORK/log"; check "build with pkg-config s3v4-sigv4" $?
[[ "$("$WORK/pc_presign" 2>/dev/null)" == "$EXPECTED" ]]; check "pkg-config: presign prints the documented URL" $?
g++ -std=c++17 -o "$WORK/pc_client" "$SRC/tests/consumer/s3_client.cpp" \
    $(pkg-config --cflags --libs --static s3v4) 2>"$WORK/log"; check "build with pkg-config s3v4" $?

# 2. add_subdirectory of the whole source tree.
quiet cmake -S "$SRC/tests/consumer" -B "$WORK/c2" -DS3V4_SOURCE="$SRC"; check "configure with add_subdirectory" $?
quiet cmake --build "$WORK/c2" -j2 --target presign s3_client; check "build with add_subdirectory" $?
[[ "$("$WORK/c2/presign" 2>/dev/null)" == "$EXPECTED" ]]; check "add_subdirectory: presign prints the documented URL" $?
[[ -x "$WORK/c2/s3_client" ]]; check "add_subdirectory: s3_client built" $?

# 3. The signer alone, as a shared library.
quiet cmake -S "$SRC/tests/consumer" -B "$WORK/c3" -DS3V4_SOURCE="$SRC" -DSIGV4_ONLY=ON \
    -DBUILD_SHARED_LIBS=ON; check "configure the signer alone (shared)" $?
quiet cmake --build "$WORK/c3" -j2 --target presign; check "build the signer alone" $?
[[ "$("$WORK/c3/presign" 2>/dev/null)" == "$EXPECTED" ]]; check "signer alone: presign prints the documented URL" $?
ldd "$WORK/c3/presign" > "$WORK/ldd.txt"
echo "ldd of the signer-alone consumer:"; sed 's/^/  /' "$WORK/ldd.txt"
others=$(awk '{print $1}' "$WORK/ldd.txt" | grep -vE '^(linux-vdso\.so|/lib64/ld-linux|libc\.so|libm\.so|libstdc\+\+\.so|libgcc_s\.so|libcrypto\.so|libs3v4_sigv4\.so)' || true)
[[ -z "$others" ]]; check "signer alone links only libcrypto and the C/C++ runtime (extra: $others)" $?
grep -q libcrypto "$WORK/ldd.txt"; check "signer alone links libcrypto" $?
! grep -qE 'libcurl|pugixml' "$WORK/ldd.txt"; check "signer alone links neither libcurl nor pugixml" $?

echo "consumer: $pass passed, $fail failed"
[[ $fail == 0 && $pass -gt 0 ]]
