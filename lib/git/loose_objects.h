// A reader of loose git objects that fails on a damaged one. libgit2 1.5's
// own reader spins for ever on a truncated loose object (its inflate loop
// retries a zlib stream whose input has run out), so every repository Dossier
// opens reads loose objects through this one first. Private to lib/git/.
#ifndef DOSSIER_LIB_GIT_LOOSE_OBJECTS_H_
#define DOSSIER_LIB_GIT_LOOSE_OBJECTS_H_

#include "dossier/result.h"

struct git_repository;

namespace dossier::git {

// Adds the reader to `repo`'s object database. A truncated or corrupt loose
// object then fails the lookup with a message naming the object and file.
Status GuardLooseObjects(git_repository* repo);

}  // namespace dossier::git

#endif  // DOSSIER_LIB_GIT_LOOSE_OBJECTS_H_
