// git's credential helpers (git-credential(1)) for HTTPS remotes: Dossier
// asks `git credential fill` for a user name and password (a token), so
// whatever `credential.helper` the user set up for git (store, cache,
// libsecret, a CI variable helper) serves Dossier too; then it tells git
// whether they worked (`approve` / `reject`), as git itself does. Private to
// lib/.
#ifndef DOSSIER_LIB_GIT_CREDENTIAL_H_
#define DOSSIER_LIB_GIT_CREDENTIAL_H_

#include <map>
#include <string>

namespace dossier::git {

// The attributes of git-credential(1): protocol, host, path, username,
// password, ...
using CredentialAttributes = std::map<std::string, std::string>;

// Runs `git credential fill` for `url` (with `username` when the URL names
// one). Empty when git is not installed, no helper knows the URL and no
// prompt is possible, or the answer lacks a user name or a password.
// `why` receives git's own message then.
CredentialAttributes CredentialFill(const std::string& url, const std::string& username,
                                    std::string* why);
// `git credential approve` / `reject` with what fill returned: the helper
// keeps a credential that worked and forgets one that was refused. Best
// effort: a failure here changes nothing for the sync.
void CredentialApprove(const CredentialAttributes& credential);
void CredentialReject(const CredentialAttributes& credential);

}  // namespace dossier::git

#endif  // DOSSIER_LIB_GIT_CREDENTIAL_H_
