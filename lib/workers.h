// Running one piece of work on several threads at once: loading entity
// files and hashing evidence. Private to lib/.
#ifndef DOSSIER_LIB_WORKERS_H_
#define DOSSIER_LIB_WORKERS_H_

#include <algorithm>
#include <system_error>
#include <thread>
#include <vector>

namespace dossier {

// The machine's cores, at least 1 and at most `cap`.
inline unsigned CoresUpTo(unsigned cap) {
  return std::max(1u, std::min(std::thread::hardware_concurrency(), cap));
}

// Calls `work()` on `threads` threads at once, this one among them, and
// returns when every call has returned. The calls share their items
// themselves (an atomic counter) and must not throw. When the system gives
// fewer threads than asked, the work runs on those it gave: slower, never
// wrong.
template <typename Work>
void RunOnThreads(unsigned threads, const Work& work) {
  std::vector<std::thread> pool;
  for (unsigned t = 1; t < threads; ++t) {
    try {
      pool.emplace_back(work);
    } catch (const std::system_error&) {
      break;
    }
  }
  work();
  for (auto& t : pool) t.join();
}

}  // namespace dossier

#endif  // DOSSIER_LIB_WORKERS_H_
