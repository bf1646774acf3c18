// SCAFFOLD: replaced by the issue that builds these commands.
#include "cli.h"

namespace dossier::cli {

int RunReview(Invocation& inv) {
  (void)inv;
  Fail(Error::Operational("not implemented yet"));
}

}  // namespace dossier::cli
