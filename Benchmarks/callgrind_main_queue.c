/* For Benchmarks/instructions.sh only (never linked into bcplan): preloaded into bcplan under
 * valgrind, it replaces libdispatch's dispatch_main, which Swift's async main calls. The real one
 * parks the main thread in _dispatch_sig_thread, and valgrind 3.19 crashes there (SIGSEGV inside
 * valgrind, every tool). This one keeps the main thread draining the main queue itself, as a run
 * loop does (libdispatch's own _4CF entry points), so the same code runs and can be counted.
 *
 *   cc -O2 -shared -fPIC -o callgrind_main_queue.so callgrind_main_queue.c \
 *      -L$SWIFT_LIB -Wl,-rpath,$SWIFT_LIB -ldispatch
 */
#include <poll.h>
#include <stdint.h>
#include <unistd.h>

extern int _dispatch_get_main_queue_handle_4CF(void);
extern void _dispatch_main_queue_callback_4CF(void *message);

void dispatch_main(void) {
    int handle = _dispatch_get_main_queue_handle_4CF();
    for (;;) {
        _dispatch_main_queue_callback_4CF(0);
        struct pollfd wait = {handle, POLLIN, 0};
        poll(&wait, 1, -1);
        uint64_t count;
        if (read(handle, &count, sizeof count) < 0) {
            /* woken by a signal: drain again */
        }
    }
}
