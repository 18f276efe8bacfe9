// The `farol` executable: a small launcher. The whole CLI (cli/main.cc and everything it uses)
// lives in libfarol.so next to it, loaded when a command needs it; `farol sla simulate`, which
// needs only the clock math, is answered here without loading it.
//
// Why: a process that links the PostgreSQL client, libcurl and GMime maps and relocates ~55
// shared libraries before main() — about 25 ms on our 2-core machines — which is most of the time
// of a one-shot command like `sla simulate` (docs/PERFORMANCE.md). The server and the other
// commands pay the same once, as before.
#include <dlfcn.h>
#include <unistd.h>

#include <climits>
#include <cstdio>
#include <cstring>
#include <string>

#include "cli/cli_io.h"

namespace {

// `farol sla simulate [FILE|-]` exactly; anything more (--help, flags) goes to the full CLI.
bool IsPlainSimulate(int argc, char** argv) {
  if (argc < 3 || argc > 4) return false;
  if (std::strcmp(argv[1], "sla") != 0 || std::strcmp(argv[2], "simulate") != 0) return false;
  return argc == 3 || argv[3][0] != '-' || std::strcmp(argv[3], "-") == 0;
}

// The directory this executable is in (symbolic links resolved).
std::string OwnDirectory() {
  char path[PATH_MAX];
  ssize_t n = readlink("/proc/self/exe", path, sizeof path - 1);
  if (n <= 0) return ".";
  std::string p(path, static_cast<size_t>(n));
  size_t slash = p.rfind('/');
  return slash == std::string::npos ? "." : p.substr(0, slash);
}

}  // namespace

int main(int argc, char** argv) {
  if (IsPlainSimulate(argc, argv)) return farol::cli::SlaSimulate(argc == 4 ? argv[3] : "-");
  const std::string lib = OwnDirectory() + "/libfarol.so";
  void* handle = dlopen(lib.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (handle == nullptr) {
    std::fprintf(stderr, "farol: cannot load %s, which must sit next to the farol executable: %s\n",
                 lib.c_str(), dlerror());
    return 1;
  }
  using Main = int (*)(int, char**);
  auto farol_main = reinterpret_cast<Main>(dlsym(handle, "farol_main"));
  if (farol_main == nullptr) {
    std::fprintf(stderr, "farol: %s has no farol_main: %s\n", lib.c_str(), dlerror());
    return 1;
  }
  return farol_main(argc, argv);
}
