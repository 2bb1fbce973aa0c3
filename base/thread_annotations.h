#pragma once
// Clang's thread-safety annotations, after LevelDB's port/thread_annotations.h: what was a
// `// GUARDED_BY(mutex_)` comment becomes a contract the compiler checks. With clang and
// -Wthread-safety (the top CMakeLists.txt turns it on, an error under BERTH_WERROR), reading or
// writing a GUARDED_BY member without holding its mutex, or calling a REQUIRES function without
// it, is a compile error. Other compilers see empty macros.
//
// Use them with berth::Mutex and berth::MutexLock (base/mutex.h); std::mutex carries no
// annotations. See https://clang.llvm.org/docs/ThreadSafetyAnalysis.html.

#if defined(__clang__)
#define BERTH_THREAD_ANNOTATION(x) __attribute__((x))
#else
#define BERTH_THREAD_ANNOTATION(x)
#endif

// A member only read or written with the capability (mutex) held.
#define GUARDED_BY(x) BERTH_THREAD_ANNOTATION(guarded_by(x))
// A pointer whose pointee is only touched with the capability held.
#define PT_GUARDED_BY(x) BERTH_THREAD_ANNOTATION(pt_guarded_by(x))
// Lock ordering: this mutex is taken after / before the named ones.
#define ACQUIRED_AFTER(...) BERTH_THREAD_ANNOTATION(acquired_after(__VA_ARGS__))
#define ACQUIRED_BEFORE(...) BERTH_THREAD_ANNOTATION(acquired_before(__VA_ARGS__))
// The caller must hold (REQUIRES) or must not hold (EXCLUDES) the capability.
#define REQUIRES(...) BERTH_THREAD_ANNOTATION(requires_capability(__VA_ARGS__))
#define REQUIRES_SHARED(...) BERTH_THREAD_ANNOTATION(requires_shared_capability(__VA_ARGS__))
#define EXCLUDES(...) BERTH_THREAD_ANNOTATION(locks_excluded(__VA_ARGS__))
// The function takes (ACQUIRE) or lets go of (RELEASE) the capability.
#define ACQUIRE(...) BERTH_THREAD_ANNOTATION(acquire_capability(__VA_ARGS__))
#define RELEASE(...) BERTH_THREAD_ANNOTATION(release_capability(__VA_ARGS__))
#define TRY_ACQUIRE(...) BERTH_THREAD_ANNOTATION(try_acquire_capability(__VA_ARGS__))
// The function checks at run time that the capability is held.
#define ASSERT_CAPABILITY(x) BERTH_THREAD_ANNOTATION(assert_capability(x))
// A type that is a capability (a mutex), and an RAII type that holds one for its scope.
#define CAPABILITY(x) BERTH_THREAD_ANNOTATION(capability(x))
#define SCOPED_CAPABILITY BERTH_THREAD_ANNOTATION(scoped_lockable)
// The function returns a reference to the capability.
#define RETURN_CAPABILITY(x) BERTH_THREAD_ANNOTATION(lock_returned(x))
// The analysis is off in this function (say why at each use).
#define NO_THREAD_SAFETY_ANALYSIS BERTH_THREAD_ANNOTATION(no_thread_safety_analysis)
