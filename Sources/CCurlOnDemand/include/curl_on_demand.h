#ifndef BCPLAN_CURL_ON_DEMAND_H
#define BCPLAN_CURL_ON_DEMAND_H

#include <stddef.h>

/// HTTP through libcurl, loaded with dlopen on first use rather than linked: the binary does not
/// name libcurl.so.4, so a run that never speaks HTTP does not map libcurl and the ~30 libraries
/// it needs (TLS, HTTP/2, IDN, LDAP, Kerberos, ...). The API is plain functions, not variadic,
/// so Swift can call it.

/// One request and, once performed, its outcome. Opaque; made by bcplan_curl_transfer_new.
typedef struct bcplan_curl_transfer bcplan_curl_transfer;

/// Easy handles kept between requests with their open connections, for reuse. Opaque; one per
/// client, used from any thread.
typedef struct bcplan_curl_pool bcplan_curl_pool;

/// An empty pool; NULL when out of memory.
bcplan_curl_pool *bcplan_curl_pool_new(void);

/// Closes the pool's handles and their connections. No transfer may be using it.
void bcplan_curl_pool_free(bcplan_curl_pool *pool);

/// Why libcurl.so.4 could not be loaded (dlerror's text), or NULL when it is loaded. Loads it on
/// the first call (once, thread-safe).
const char *bcplan_curl_load_error(void);

/// A transfer for one request; NULL when out of memory. `headers` are whole header lines
/// ("Name: value"), sent in the order given. `has_body` 0: no body (`body` is not read); else
/// `body_length` bytes at `body` (which may be NULL when the length is 0). `timeout_ms` bounds
/// the whole request. `fresh_connection`: a connection of its own, closed after the request.
bcplan_curl_transfer *bcplan_curl_transfer_new(const char *method, const char *url,
                                               const char *const *headers, size_t header_count,
                                               int has_body, const void *body, size_t body_length,
                                               long timeout_ms, int fresh_connection);

/// Runs the request to its end, blocking the calling thread, on a handle (and connection) kept in
/// `pool` when one fits, else a new one, kept there afterwards; a fresh-connection request uses a
/// handle of its own, closed after. Returns the CURLcode: 0 when an HTTP answer came, -1 when
/// libcurl could not be loaded (bcplan_curl_load_error says why). A NULL pool keeps nothing.
int bcplan_curl_transfer_perform(bcplan_curl_transfer *transfer, bcplan_curl_pool *pool);

/// Makes a perform running on another thread stop soon (libcurl's progress callback, called at
/// least about once a second, sees it) with CURLE_ABORTED_BY_CALLBACK; a perform not yet started
/// returns that at once. Safe from any thread, any number of times, until the transfer is freed.
void bcplan_curl_transfer_cancel(bcplan_curl_transfer *transfer);

/// The HTTP status of the answer (0 before one came).
long bcplan_curl_transfer_status(const bcplan_curl_transfer *transfer);

/// The answer's body; valid until the transfer is freed. `length` receives its size.
const unsigned char *bcplan_curl_transfer_body(const bcplan_curl_transfer *transfer, size_t *length);

/// libcurl's own words on a failed perform (CURLOPT_ERRORBUFFER, else curl_easy_strerror), or "".
const char *bcplan_curl_transfer_error(const bcplan_curl_transfer *transfer);

void bcplan_curl_transfer_free(bcplan_curl_transfer *transfer);

#endif
