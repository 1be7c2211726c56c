/* pv-service.h
 *
 * Copyright 2026 The Pathview authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "pv-job-store.h"
#include "pv-sigv4.h"

G_BEGIN_DECLS

/* Requests are a few hundred bytes; anything near this is not a GetPersonTracking call. */
#define PV_SERVICE_MAX_BODY (64 * 1024)

/* How error types are spelled on the wire: each is a shape real endpoints produce
 * (see aws-protocol/botocore_protocols_output_json.json), so clients can be tested on all. */
typedef enum {
  PV_SERVICE_ERROR_STYLE_PLAIN,        /* {"__type":"T","Message":"..."} */
  PV_SERVICE_ERROR_STYLE_NAMESPACE,    /* {"__type":"com.amazonaws.rekognition#T",...} */
  PV_SERVICE_ERROR_STYLE_SUFFIX,       /* {"__type":"T:http://internal.amazon.com/coral/...",...} */
  PV_SERVICE_ERROR_STYLE_LOWERCASE,    /* {"__type":"T","message":"..."} */
  PV_SERVICE_ERROR_STYLE_HEADER_ONLY,  /* empty body, X-Amzn-ErrorType: T */
} PvServiceErrorStyle;

/* Request numbers count every request the service handles, from 1. */
typedef struct {
  double               throttle_rate;      /* 0..1 */
  GArray              *throttle_requests;  /* of guint request numbers, or NULL */
  double               error_500_rate;     /* 0..1 */
  guint                latency_ms;
  GArray              *drop_mid_body;      /* of guint request numbers, or NULL */
  gboolean             repeat_token;
  guint                in_progress;        /* first N GetPersonTracking calls say IN_PROGRESS */
  char                *failed_message;     /* non-NULL: every call says FAILED with this */
  char                *error_type;         /* non-NULL: answer calls with this AWS error */
  guint                error_count;        /* ... the first error_count calls; 0 = all */
  GArray              *empty_pages;        /* of guint request numbers: empty page + NextToken */
  guint32              seed;
  PvServiceErrorStyle  error_style;
} PvServiceFaults;

typedef struct {
  const char          *method;
  const char          *path;        /* as sent */
  const char          *query;       /* as sent, without '?', or NULL */
  const PvSigv4Header *headers;     /* every header as sent, repeats included */
  guint                n_headers;
  const guint8        *body;
  gsize                body_len;
  GDateTime           *now;         /* the server's clock, for the X-Amz-Date check */
} PvServiceRequest;

typedef struct {
  guint      status;
  GBytes    *body;
  GPtrArray *headers;        /* owned strings: name, value, name, value, ... */
  guint      delay_ms;       /* the transport waits this long before answering */
  gboolean   drop_mid_body;  /* the transport sends half the body, then closes */
} PvServiceResponse;

typedef struct _PvService PvService;

/* An operation gets the parsed JSON input of an authenticated request with a known target. */
typedef void (*PvServiceOperation) (PvService          *self,
                                    guint               request_number,
                                    JsonObject         *input,
                                    PvServiceResponse  *response,
                                    gpointer            user_data);

/* Takes ownership of jobs and credentials (access key -> PvCredential, from
 * pv_credentials_file_load); copies faults (NULL: none). GetPersonTracking is registered; other
 * operations (StartPersonTracking, ...) are added with pv_service_add_operation under their full
 * X-Amz-Target, e.g. "RekognitionService.StartPersonTracking". */
PvService  *pv_service_new              (PvJobStore             *jobs,
                                         GHashTable             *credentials,
                                         const PvServiceFaults  *faults);
void        pv_service_free             (PvService              *self);
void        pv_service_add_operation    (PvService              *self,
                                         const char             *target,
                                         PvServiceOperation      operation,
                                         gpointer                user_data);
void        pv_service_handle           (PvService              *self,
                                         const PvServiceRequest *request,
                                         PvServiceResponse      *response);
PvJobStore *pv_service_get_job_store    (PvService              *self);
/* The key that makes NextTokens unforgeable. pv_service_new () draws a random one; a key kept
 * across restarts lets a client resume with a token from before the restart, as with AWS. */
void        pv_service_set_token_key    (PvService              *self,
                                         const guint8            key[32]);

void        pv_service_response_init    (PvServiceResponse      *response);
void        pv_service_response_clear   (PvServiceResponse      *response);
void        pv_service_response_add_header (PvServiceResponse   *response,
                                            const char          *name,
                                            const char          *value);
void        pv_service_set_error        (PvService              *self,
                                         PvServiceResponse      *response,
                                         const char             *type,
                                         const char             *format,
                                         ...) G_GNUC_PRINTF (4, 5);
void        pv_service_set_json         (PvServiceResponse      *response,
                                         GString                *json);

gboolean    pv_service_parse_request_numbers (const char  *text,
                                              GArray     **out,
                                              GError     **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PvService, pv_service_free)

G_END_DECLS
