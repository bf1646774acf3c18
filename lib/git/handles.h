// Owning handles for libgit2 objects and its error reporting, shared by the
// files of lib/git/. Private to lib/git/.
#ifndef DOSSIER_LIB_GIT_HANDLES_H_
#define DOSSIER_LIB_GIT_HANDLES_H_

#include <git2.h>

#include <memory>
#include <string>

#include "dossier/result.h"
#include "git/git.h"

namespace dossier::git {

template <typename T, void (*Free)(T*)>
struct Deleter {
  void operator()(T* p) const {
    if (p) Free(p);
  }
};
using ObjectPtr = std::unique_ptr<git_object, Deleter<git_object, git_object_free>>;
using CommitPtr = std::unique_ptr<git_commit, Deleter<git_commit, git_commit_free>>;
using TreePtr = std::unique_ptr<git_tree, Deleter<git_tree, git_tree_free>>;
using EntryPtr = std::unique_ptr<git_tree_entry, Deleter<git_tree_entry, git_tree_entry_free>>;
using BlobPtr = std::unique_ptr<git_blob, Deleter<git_blob, git_blob_free>>;
using IndexPtr = std::unique_ptr<git_index, Deleter<git_index, git_index_free>>;
using SigPtr = std::unique_ptr<git_signature, Deleter<git_signature, git_signature_free>>;
using WalkPtr = std::unique_ptr<git_revwalk, Deleter<git_revwalk, git_revwalk_free>>;
using DiffPtr = std::unique_ptr<git_diff, Deleter<git_diff, git_diff_free>>;
using ConfigPtr = std::unique_ptr<git_config, Deleter<git_config, git_config_free>>;
using RefPtr = std::unique_ptr<git_reference, Deleter<git_reference, git_reference_free>>;
using RemotePtr = std::unique_ptr<git_remote, Deleter<git_remote, git_remote_free>>;
using StatusPtr = std::unique_ptr<git_status_list, Deleter<git_status_list, git_status_list_free>>;
using ConflictIterPtr =
    std::unique_ptr<git_index_conflict_iterator,
                    Deleter<git_index_conflict_iterator, git_index_conflict_iterator_free>>;

// libgit2's message for the last failure: read it at once, on the failing thread.
inline std::string LastMessage() {
  const git_error* e = git_error_last();
  return e && e->message ? e->message : "unknown libgit2 error";
}

inline Error GitError(const std::string& what) {
  return Error::Operational(what + ": " + LastMessage());
}

inline std::string OidHex(const git_oid* oid) {
  char buf[GIT_OID_HEXSZ + 1];
  git_oid_tostr(buf, sizeof buf, oid);
  return buf;
}

// `author` as libgit2's signature of a commit.
inline Result<SigPtr> NewSignature(const Signature& author) {
  git_signature* s = nullptr;
  if (git_signature_new(&s, author.name.c_str(), author.email.c_str(), author.time,
                        author.offset_minutes) != 0) {
    return GitError("invalid author '" + author.name + " <" + author.email + ">'");
  }
  return SigPtr(s);
}

// Id, time, author and summary of `commit` (its changed paths are the caller's).
inline CommitSummary Summarise(const git_oid* oid, git_commit* commit) {
  CommitSummary s;
  s.id = OidHex(oid);
  s.time = static_cast<int64_t>(git_commit_time(commit));
  const git_signature* a = git_commit_author(commit);
  s.author = a && a->name ? a->name : "";
  s.author_email = a && a->email ? a->email : "";
  const char* summary = git_commit_summary(commit);
  s.summary = summary ? summary : "";
  const char* message = git_commit_message(commit);
  s.message = message ? message : "";
  return s;
}

}  // namespace dossier::git

#endif  // DOSSIER_LIB_GIT_HANDLES_H_
