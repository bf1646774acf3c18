// Deterministic fault injection for the crash tests (doc/architecture.md,
// "Crash safety"). A mutating command passes named points at each step; when
// the environment variable DOSSIER_FAULT names one ("commit.index-written",
// or "copy.file@3" for the third time the point is passed), the process
// kills itself there with SIGKILL, exactly as a power cut or `kill -9` at that
// moment would. Unset (as in every real use), a point costs one comparison.
// Private to lib/.
#ifndef DOSSIER_LIB_FAULT_H_
#define DOSSIER_LIB_FAULT_H_

namespace dossier::fault {

// REQUIRES: `name` is a string literal listed in doc/architecture.md.
void Point(const char* name);

}  // namespace dossier::fault

#endif  // DOSSIER_LIB_FAULT_H_
