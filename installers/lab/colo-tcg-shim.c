/*
 * colo-tcg-shim: LD_PRELOAD workaround for QEMU 7.2 COLO under TCG (no KVM).
 *
 * During a COLO checkpoint the migration thread saves RAM without holding the big QEMU lock,
 * and TCG's dirty-log sync then calls pthread_cond_wait() with that lock as the mutex although
 * the calling thread does not own it: the primary deadlocks at its first checkpoint (every time
 * under TCG; see shared/lab-evidence/gdb-bql-deadlock-trace.txt). With KVM this path is not taken
 * and the shim must not be loaded.
 *
 * Only when pthread_cond_wait() is called on a normal mutex the caller does not own, the shim
 * locks the mutex, waits at most 10 ms, unlocks it and returns: a spurious wake-up, which every
 * caller of a condition variable already loops on. Every other call goes straight to glibc.
 *
 * Build: gcc -shared -fPIC -O2 -Wall -o colo-tcg-shim.so colo-tcg-shim.c -ldl -lpthread
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <pthread.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

typedef int (*cond_wait_fn)(pthread_cond_t *, pthread_mutex_t *);
typedef int (*cond_timedwait_fn)(pthread_cond_t *, pthread_mutex_t *, const struct timespec *);

static cond_wait_fn real_cond_wait;
static cond_timedwait_fn real_cond_timedwait;

static void resolve(void)
{
    if (!real_cond_wait) {
        /* The versioned names: the unversioned lookup may return the old 2.2.5 ABI. */
        real_cond_timedwait = (cond_timedwait_fn) dlvsym(RTLD_NEXT, "pthread_cond_timedwait", "GLIBC_2.3.2");
        real_cond_wait = (cond_wait_fn) dlvsym(RTLD_NEXT, "pthread_cond_wait", "GLIBC_2.3.2");
    }
}

static int caller_does_not_own(pthread_mutex_t *m)
{
    int kind = m->__data.__kind & 3; /* PTHREAD_MUTEX_KIND_MASK_NP */
    return kind == PTHREAD_MUTEX_NORMAL && m->__data.__owner != (int) syscall(SYS_gettid);
}

int pthread_cond_wait(pthread_cond_t *cond, pthread_mutex_t *mutex)
{
    resolve();
    if (caller_does_not_own(mutex)) {
        struct timespec until;
        clock_gettime(CLOCK_REALTIME, &until);
        until.tv_nsec += 10 * 1000 * 1000;
        if (until.tv_nsec >= 1000000000L) {
            until.tv_sec += 1;
            until.tv_nsec -= 1000000000L;
        }
        pthread_mutex_lock(mutex);
        real_cond_timedwait(cond, mutex, &until);
        pthread_mutex_unlock(mutex);
        return 0;
    }
    return real_cond_wait(cond, mutex);
}
