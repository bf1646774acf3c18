// Uses the installed public headers and library: the version compiled
// against and the one loaded, and the built-in ISO 9001 checklist.
#include <iostream>

#include "dossier/checklist.h"
#include "dossier/version.h"

int main() {
  auto checklist = dossier::Checklist::Builtin("iso9001-2015");
  if (!checklist) {
    std::cerr << "error: " << checklist.error().message() << "\n";
    return 1;
  }
  std::cout << "headers " << DOSSIER_VERSION << " library " << dossier::Version() << " "
            << checklist->id() << " " << checklist->Leaves().size() << " leaf clauses\n";
  return 0;
}
