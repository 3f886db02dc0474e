#include "curl_on_demand.h"

#include <curl/curl.h>
#include <dlfcn.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

// The functions bcplan uses, resolved from libcurl.so.4 by name. Their types come from curl.h,
// so a mismatch with the header is a compile error; nothing links libcurl.
static struct {
    __typeof__(&curl_global_init) global_init;
    __typeof__(&curl_easy_init) easy_init;
    __typeof__(&curl_easy_setopt) easy_setopt;
    __typeof__(&curl_easy_perform) easy_perform;
    __typeof__(&curl_easy_getinfo) easy_getinfo;
    __typeof__(&curl_easy_reset) easy_reset;
    __typeof__(&curl_easy_cleanup) easy_cleanup;
    __typeof__(&curl_easy_strerror) easy_strerror;
    __typeof__(&curl_slist_append) slist_append;
    __typeof__(&curl_slist_free_all) slist_free_all;
} curl;

static pthread_once_t load_once = PTHREAD_ONCE_INIT;
static char load_error[512];

static void load(void) {
    // The soname Debian's libcurl4 package installs (the OpenSSL flavour URLSession used too).
    void *library = dlopen("libcurl.so.4", RTLD_NOW | RTLD_LOCAL);
    if (library == NULL) {
        const char *why = dlerror();
        strncpy(load_error, why != NULL ? why : "libcurl.so.4: cannot be loaded", sizeof load_error - 1);
        return;
    }
#define RESOLVE(field, name)                                                                       \
    if ((*(void **)&curl.field = dlsym(library, name)) == NULL) {                                 \
        strncpy(load_error, "libcurl.so.4 has no " name, sizeof load_error - 1);                  \
        return;                                                                                    \
    }
    RESOLVE(global_init, "curl_global_init")
    RESOLVE(easy_init, "curl_easy_init")
    RESOLVE(easy_setopt, "curl_easy_setopt")
    RESOLVE(easy_perform, "curl_easy_perform")
    RESOLVE(easy_getinfo, "curl_easy_getinfo")
    RESOLVE(easy_reset, "curl_easy_reset")
    RESOLVE(easy_cleanup, "curl_easy_cleanup")
    RESOLVE(easy_strerror, "curl_easy_strerror")
    RESOLVE(slist_append, "curl_slist_append")
    RESOLVE(slist_free_all, "curl_slist_free_all")
#undef RESOLVE
    // Before any other call and once per process (curl_global_init(3)); pthread_once makes it so.
    CURLcode code = curl.global_init(CURL_GLOBAL_DEFAULT);
    if (code != CURLE_OK) {
        strncpy(load_error, "curl_global_init failed: ", sizeof load_error - 1);
        strncat(load_error, curl.easy_strerror(code), sizeof load_error - strlen(load_error) - 1);
    }
}

const char *bcplan_curl_load_error(void) {
    pthread_once(&load_once, load);
    return load_error[0] != '\0' ? load_error : NULL;
}

// Easy handles kept between requests, each with the connections it made (curl_easy_reset(3)
// leaves live connections alone), so a later request to the same server reuses one. Handles are
// not made to share one connection cache (a share handle): libcurl does not support sharing
// connections between concurrent threads (CURLSHOPT_SHARE(3), CURL_LOCK_DATA_CONNECT). A handle
// is used by one transfer at a time; the pool is the one thing shared between threads. Each idle
// handle is filed under the origin ("https://host:port") it spoke to, so a request takes a
// handle that holds a connection to its server when there is one (bcplan speaks to one server).
// A pool belongs to one client (CurlHTTPClient), so clients never take each other's handles.
enum { pool_capacity = 8, origin_capacity = 256 };
struct bcplan_curl_pool {
    pthread_mutex_t lock;
    struct {
        CURL *handle;
        char origin[origin_capacity];
    } entries[pool_capacity];
    int count;
};

bcplan_curl_pool *bcplan_curl_pool_new(void) {
    bcplan_curl_pool *pool = calloc(1, sizeof *pool);
    if (pool != NULL) pthread_mutex_init(&pool->lock, NULL);
    return pool;
}

void bcplan_curl_pool_free(bcplan_curl_pool *pool) {
    if (pool == NULL) return;
    // Handles exist only once libcurl is loaded.
    for (int index = 0; index < pool->count; index++) curl.easy_cleanup(pool->entries[index].handle);
    pthread_mutex_destroy(&pool->lock);
    free(pool);
}

// The URL up to its path: "scheme://authority".
static void origin_of(const char *url, char origin[origin_capacity]) {
    const char *authority = strstr(url, "://");
    size_t length = authority == NULL ? 0 : (size_t)(authority + 3 - url) + strcspn(authority + 3, "/?#");
    if (length >= origin_capacity) length = 0;
    memcpy(origin, url, length);
    origin[length] = '\0';
}

// A kept handle for this origin (the most recently returned), else a new one: a handle kept for
// another server is left for that server.
static CURL *take_handle(bcplan_curl_pool *pool, const char *origin) {
    CURL *handle = NULL;
    if (pool == NULL) return curl.easy_init();
    pthread_mutex_lock(&pool->lock);
    for (int index = pool->count - 1; origin[0] != '\0' && index >= 0; index--) {
        if (strcmp(pool->entries[index].origin, origin) == 0) {
            handle = pool->entries[index].handle;
            memmove(&pool->entries[index], &pool->entries[index + 1],
                    (size_t)(pool->count - index - 1) * sizeof pool->entries[0]);
            pool->count--;
            break;
        }
    }
    pthread_mutex_unlock(&pool->lock);
    if (handle != NULL) {
        curl.easy_reset(handle);
        return handle;
    }
    return curl.easy_init();
}

// Files the handle as the most recent; when the pool is full, the least recent is closed.
static void return_handle(bcplan_curl_pool *pool, CURL *handle, const char *origin) {
    CURL *evicted = NULL;
    if (pool == NULL) {
        curl.easy_cleanup(handle);
        return;
    }
    pthread_mutex_lock(&pool->lock);
    if (pool->count == pool_capacity) {
        evicted = pool->entries[0].handle;
        memmove(&pool->entries[0], &pool->entries[1], (size_t)(pool->count - 1) * sizeof pool->entries[0]);
        pool->count--;
    }
    pool->entries[pool->count].handle = handle;
    memcpy(pool->entries[pool->count].origin, origin, origin_capacity);
    pool->count++;
    pthread_mutex_unlock(&pool->lock);
    if (evicted != NULL) curl.easy_cleanup(evicted);
}

struct bcplan_curl_transfer {
    char *method;
    char *url;
    char **headers;
    size_t header_count;
    unsigned char *request_body;
    size_t request_body_length;
    int has_body;
    long timeout_ms;
    int fresh_connection;
    atomic_int cancelled;
    long status;
    unsigned char *body;
    size_t body_length;
    size_t body_capacity;
    int out_of_memory;
    char error[CURL_ERROR_SIZE];
};

static char *copy_string(const char *text) {
    size_t length = strlen(text) + 1;
    char *copy = malloc(length);
    if (copy != NULL) memcpy(copy, text, length);
    return copy;
}

bcplan_curl_transfer *bcplan_curl_transfer_new(const char *method, const char *url,
                                               const char *const *headers, size_t header_count,
                                               int has_body, const void *body, size_t body_length,
                                               long timeout_ms, int fresh_connection) {
    bcplan_curl_transfer *transfer = calloc(1, sizeof *transfer);
    if (transfer == NULL) return NULL;
    atomic_init(&transfer->cancelled, 0);
    transfer->method = copy_string(method);
    transfer->url = copy_string(url);
    transfer->headers = calloc(header_count + 1, sizeof *transfer->headers);
    int failed = transfer->method == NULL || transfer->url == NULL || transfer->headers == NULL;
    for (size_t index = 0; !failed && index < header_count; index++) {
        transfer->headers[index] = copy_string(headers[index]);
        failed = transfer->headers[index] == NULL;
        transfer->header_count = index + 1;
    }
    if (!failed && has_body) {
        transfer->has_body = 1;
        transfer->request_body = malloc(body_length > 0 ? body_length : 1);
        failed = transfer->request_body == NULL;
        if (!failed && body_length > 0) memcpy(transfer->request_body, body, body_length);
        transfer->request_body_length = body_length;
    }
    transfer->timeout_ms = timeout_ms;
    transfer->fresh_connection = fresh_connection;
    if (failed) {
        bcplan_curl_transfer_free(transfer);
        return NULL;
    }
    return transfer;
}

static size_t receive(char *data, size_t size, size_t count, void *context) {
    bcplan_curl_transfer *transfer = context;
    size_t length = size * count;
    if (transfer->body_length + length > transfer->body_capacity) {
        size_t capacity = transfer->body_capacity > 0 ? transfer->body_capacity : 16384;
        while (capacity < transfer->body_length + length) capacity *= 2;
        unsigned char *grown = realloc(transfer->body, capacity);
        if (grown == NULL) {
            transfer->out_of_memory = 1;
            return CURL_WRITEFUNC_ERROR;
        }
        transfer->body = grown;
        transfer->body_capacity = capacity;
    }
    memcpy(transfer->body + transfer->body_length, data, length);
    transfer->body_length += length;
    return length;
}

// CURLOPT_XFERINFOFUNCTION: a non-zero return aborts the transfer with CURLE_ABORTED_BY_CALLBACK.
static int progress(void *context, curl_off_t download_total, curl_off_t downloaded,
                    curl_off_t upload_total, curl_off_t uploaded) {
    (void)download_total, (void)downloaded, (void)upload_total, (void)uploaded;
    bcplan_curl_transfer *transfer = context;
    return atomic_load(&transfer->cancelled);
}

static CURLcode configure(CURL *handle, bcplan_curl_transfer *transfer, struct curl_slist *headers) {
    CURLcode code = CURLE_OK;
#define SET(option, value)                                                                         \
    if (code == CURLE_OK) code = curl.easy_setopt(handle, option, value)
    SET(CURLOPT_URL, transfer->url);
    // Only what URLSession spoke: no file://, ftp:// and the rest from a mistyped base URL.
    SET(CURLOPT_PROTOCOLS_STR, "http,https");
    // Signals would be unsafe with threads; without them, name resolution cannot time out
    // separately, but the whole request still does (CURLOPT_NOSIGNAL(3)).
    SET(CURLOPT_NOSIGNAL, 1L);
    SET(CURLOPT_TIMEOUT_MS, transfer->timeout_ms);
    SET(CURLOPT_ERRORBUFFER, transfer->error);
    SET(CURLOPT_WRITEFUNCTION, receive);
    SET(CURLOPT_WRITEDATA, transfer);
    SET(CURLOPT_NOPROGRESS, 0L);
    SET(CURLOPT_XFERINFOFUNCTION, progress);
    SET(CURLOPT_XFERINFODATA, transfer);
    SET(CURLOPT_HTTPHEADER, headers);
    if (transfer->has_body) {
        SET(CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)transfer->request_body_length);
        SET(CURLOPT_POSTFIELDS, transfer->request_body);
        if (strcmp(transfer->method, "POST") != 0) SET(CURLOPT_CUSTOMREQUEST, transfer->method);
    } else if (strcmp(transfer->method, "GET") == 0) {
        SET(CURLOPT_HTTPGET, 1L);
    } else if (strcmp(transfer->method, "HEAD") == 0) {
        SET(CURLOPT_NOBODY, 1L);
    } else {
        SET(CURLOPT_CUSTOMREQUEST, transfer->method);
    }
    if (transfer->fresh_connection) {
        SET(CURLOPT_FRESH_CONNECT, 1L);
        SET(CURLOPT_FORBID_REUSE, 1L);
    }
#undef SET
    return code;
}

int bcplan_curl_transfer_perform(bcplan_curl_transfer *transfer, bcplan_curl_pool *pool) {
    if (bcplan_curl_load_error() != NULL) return -1;
    if (atomic_load(&transfer->cancelled)) return CURLE_ABORTED_BY_CALLBACK;
    // "Expect:" with no value: no "Expect: 100-continue" and its wait before a larger body.
    struct curl_slist *headers = curl.slist_append(NULL, "Expect:");
    for (size_t index = 0; headers != NULL && index < transfer->header_count; index++) {
        struct curl_slist *longer = curl.slist_append(headers, transfer->headers[index]);
        if (longer == NULL) {
            curl.slist_free_all(headers);
            headers = NULL;
        }
        headers = longer;
    }
    if (headers == NULL) return CURLE_OUT_OF_MEMORY;
    // A fresh connection gets a handle of its own too, so no kept connection is even looked at.
    char origin[origin_capacity];
    origin_of(transfer->url, origin);
    CURL *handle = transfer->fresh_connection ? curl.easy_init() : take_handle(pool, origin);
    if (handle == NULL) {
        curl.slist_free_all(headers);
        return CURLE_FAILED_INIT;
    }
    CURLcode code = configure(handle, transfer, headers);
    if (code == CURLE_OK) code = curl.easy_perform(handle);
    if (code == CURLE_OK) curl.easy_getinfo(handle, CURLINFO_RESPONSE_CODE, &transfer->status);
    if (code != CURLE_OK && transfer->error[0] == '\0') {
        strncpy(transfer->error, curl.easy_strerror(code), sizeof transfer->error - 1);
    }
    if (transfer->out_of_memory) code = CURLE_OUT_OF_MEMORY;
    // The handle goes back without the pointers into this transfer (reset on the next take).
    curl.easy_setopt(handle, CURLOPT_ERRORBUFFER, NULL);
    curl.easy_setopt(handle, CURLOPT_HTTPHEADER, NULL);
    if (transfer->fresh_connection || code != CURLE_OK) {
        // After a failure the handle's connections are suspect: none is kept.
        curl.easy_cleanup(handle);
    } else {
        return_handle(pool, handle, origin);
    }
    curl.slist_free_all(headers);
    return code;
}

void bcplan_curl_transfer_cancel(bcplan_curl_transfer *transfer) { atomic_store(&transfer->cancelled, 1); }

long bcplan_curl_transfer_status(const bcplan_curl_transfer *transfer) { return transfer->status; }

const unsigned char *bcplan_curl_transfer_body(const bcplan_curl_transfer *transfer, size_t *length) {
    *length = transfer->body_length;
    return transfer->body;
}

const char *bcplan_curl_transfer_error(const bcplan_curl_transfer *transfer) { return transfer->error; }

void bcplan_curl_transfer_free(bcplan_curl_transfer *transfer) {
    if (transfer == NULL) return;
    free(transfer->method);
    free(transfer->url);
    for (size_t index = 0; index < transfer->header_count; index++) free(transfer->headers[index]);
    free(transfer->headers);
    free(transfer->request_body);
    free(transfer->body);
    free(transfer);
}
