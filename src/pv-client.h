/* pv-client.h
 *
 * Copyright 2026 The Pathview authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "pv-result.h"

G_BEGIN_DECLS

#define PV_TYPE_CLIENT (pv_client_get_type ())
#define PV_CLIENT_ERROR (pv_client_error_quark ())

G_DECLARE_FINAL_TYPE (PvClient, pv_client, PV, CLIENT, GObject)

typedef enum
{
  /* One per Rekognition error type */
  PV_CLIENT_ERROR_ACCESS_DENIED,
  PV_CLIENT_ERROR_INTERNAL_SERVER_ERROR,
  PV_CLIENT_ERROR_INVALID_PARAMETER,          /* also: a JobId rejected before sending */
  PV_CLIENT_ERROR_INVALID_PAGINATION_TOKEN,
  PV_CLIENT_ERROR_PROVISIONED_THROUGHPUT_EXCEEDED,
  PV_CLIENT_ERROR_RESOURCE_NOT_FOUND,
  PV_CLIENT_ERROR_THROTTLING,
  /* Authentication */
  PV_CLIENT_ERROR_INVALID_SIGNATURE,          /* InvalidSignatureException, SignatureDoesNotMatch */
  PV_CLIENT_ERROR_INVALID_CREDENTIALS,        /* UnrecognizedClient, InvalidClientTokenId... */
  /* Transport and protocol */
  PV_CLIENT_ERROR_HTTP,                       /* any other HTTP error or unknown error type */
  PV_CLIENT_ERROR_NETWORK,
  PV_CLIENT_ERROR_TIMEOUT,
  PV_CLIENT_ERROR_BAD_RESPONSE,
  /* The job and the paging */
  PV_CLIENT_ERROR_JOB_FAILED,                 /* JobStatus FAILED; the message is StatusMessage */
  PV_CLIENT_ERROR_REPEATED_TOKEN,
  PV_CLIENT_ERROR_CANCELLED,
} PvClientError;

/* NULL strings and zero numbers mean "the default" (for the strings: the AWS CLI rules). */
typedef struct
{
  const char *endpoint_url;
  const char *region;
  const char *profile;
  const char *access_key_id;          /* explicit credentials win over environment and files */
  const char *secret_access_key;
  const char *session_token;
  gboolean    allow_insecure_http;    /* plain http to a host that is not loopback */
  guint       max_attempts;           /* per request, including the first; default 5 */
  guint       timeout_ms;             /* per request; default 30000 */
  guint       retry_base_ms;          /* first retry delay before jitter; default 200 */
  guint       retry_max_ms;           /* cap of one retry delay; default 20000 */
  guint       poll_initial_ms;        /* first wait while the job is IN_PROGRESS; default 5000 */
  guint       poll_max_ms;            /* cap of one poll wait; default 60000 */
  guint       max_polls;              /* give up after this many IN_PROGRESS answers; 0 = never */
  gint64      clock_offset_s;         /* added to the local clock when signing (tests, skew) */
} PvClientOptions;

typedef struct
{
  guint       max_results;            /* 0 = leave out (the service then uses 1000) */
  const char *sort_by;                /* "INDEX", "TIMESTAMP" or NULL to leave out */
  const char *resume_token;           /* continue a fetch that failed part-way */
  PvResult   *resume_result;          /* ...adding pages to what it already had */
  guint       resume_page_number;     /* number of pages already in resume_result */
  gboolean    save_to_cache;          /* on success, write pv_client_cache_path () */
} PvFetchOptions;

GQuark      pv_client_error_quark                 (void);

PvClient   *pv_client_new                         (const PvClientOptions *options,
                                                   GError               **error);
const char *pv_client_get_endpoint_url            (PvClient              *self);
const char *pv_client_get_region                  (PvClient              *self);

void        pv_client_get_person_tracking_async   (PvClient              *self,
                                                   const char            *job_id,
                                                   const PvFetchOptions  *options,
                                                   GCancellable          *cancellable,
                                                   GAsyncReadyCallback    callback,
                                                   gpointer               user_data);
PvResult   *pv_client_get_person_tracking_finish  (PvClient              *self,
                                                   GAsyncResult          *result,
                                                   GError               **error);
/* After a failed fetch: what was fetched before the failure (NULL if nothing), and the
 * NextToken to pass as resume_token to continue (NULL if the first page failed). */
PvResult   *pv_client_get_partial_result          (PvClient              *self,
                                                   GAsyncResult          *result);
const char *pv_client_get_resume_token            (PvClient              *self,
                                                   GAsyncResult          *result);
guint       pv_client_get_pages_fetched           (PvClient              *self,
                                                   GAsyncResult          *result);

gboolean    pv_client_validate_job_id             (const char            *job_id,
                                                   GError               **error);
/* Status, headers and body of one GetPersonTracking response -> the page, or the GError the
 * client would report. No network, no state: the fuzz target feeds whole responses here.
 * With @detections_out, a page of the plain service shape is read without a JSON tree: the
 * returned object then has no Persons, and *detections_out holds them (a GArray of PvDetection
 * whose faces it owns; free it with g_array_unref ()). Otherwise *detections_out is NULL and
 * the object is the whole page. */
JsonObject *pv_client_parse_response              (guint                  status,
                                                   SoupMessageHeaders    *headers,
                                                   GBytes                *body,
                                                   GArray               **detections_out,
                                                   GError               **error);
/* The error type (without namespace# and :url) and message of an error response, as botocore
 * reads them: __type or code in the body, else the X-Amzn-ErrorType header. */
gboolean    pv_client_parse_error                 (SoupMessageHeaders    *headers,
                                                   GBytes                *body,
                                                   char                 **type_out,
                                                   char                 **message_out);

char       *pv_client_cache_path                  (const char            *endpoint_url,
                                                   const char            *job_id);
gboolean    pv_client_save_to_cache               (PvClient              *self,
                                                   const char            *job_id,
                                                   PvResult              *result,
                                                   GError               **error);

G_END_DECLS
