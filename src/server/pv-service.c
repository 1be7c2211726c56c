/* pv-service.c
 *
 * Copyright 2026 The Pathview authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "pv-service"

#include "config.h"

#include <stdio.h>
#include <string.h>

#include "pv-credentials-file.h"
#include "pv-service.h"

/* Everything here works on plain request/response structs, never on libsoup objects, so a fuzz
 * target can feed raw requests and the transport stays a thin layer (see pathview-server.c). */

#define TARGET_PREFIX        "RekognitionService."
#define JSON_CONTENT_TYPE    "application/x-amz-json-1.1"
#define SERVICE_NAME         "rekognition"
#define CLOCK_SKEW_SECONDS   (5 * 60)
#define MAX_RESULTS_DEFAULT  1000
#define MAX_RESULTS_CAP      1000
#define NEXT_TOKEN_MAX       255
#define TOKEN_VERSION        1
#define TOKEN_MAC_LEN        16
#define TOKEN_LEN            (1 + 1 + 4 + 4 + TOKEN_MAC_LEN)

typedef struct {
  char               *target;
  PvServiceOperation  operation;
  gpointer            user_data;
} Operation;

struct _PvService {
  /* Owned */
  PvJobStore      *jobs;
  GHashTable      *credentials;   /* access key -> PvCredential */
  GArray          *operations;    /* of Operation: the X-Amz-Target dispatch table */
  PvServiceFaults  faults;
  GRand           *rand;
  guint8           token_key[32];

  /* State */
  guint            n_requests;
  guint            n_tracking_calls;
  guint            n_error_calls;
  guint32          token_serial;
};

static const struct {
  const char *type;
  guint       status;
} error_statuses[] = {
  /* SOURCES.md section 5, from the API reference */
  { "AccessDeniedException", 400 },
  { "InternalServerError", 500 },
  { "InvalidParameterException", 400 },
  { "InvalidPaginationTokenException", 400 },
  { "ProvisionedThroughputExceededException", 400 },
  { "ResourceNotFoundException", 400 },
  { "ThrottlingException", 500 },
  /* the common AWS authentication and protocol errors */
  { "IncompleteSignatureException", 400 },
  { "InvalidSignatureException", 403 },
  { "MissingAuthenticationTokenException", 403 },
  { "SerializationException", 400 },
  { "UnknownOperationException", 400 },
  { "UnrecognizedClientException", 400 },
  { "ServiceUnavailableException", 503 },
};

static guint
status_for_error (const char *type)
{
  for (guint i = 0; i < G_N_ELEMENTS (error_statuses); i++)
    if (strcmp (error_statuses[i].type, type) == 0)
      return error_statuses[i].status;
  return 400;
}

static void
json_append_string (GString    *out,
                    const char *s)
{
  /* Messages quote what the client sent (a method, a target), which need not be UTF-8. */
  g_autofree char *valid = g_utf8_make_valid (s, -1);

  g_string_append_c (out, '"');
  for (const guchar *p = (const guchar *) valid; *p != '\0'; p++)
    {
      if (*p == '"' || *p == '\\')
        {
          g_string_append_c (out, '\\');
          g_string_append_c (out, (char) *p);
        }
      else if (*p < 0x20)
        g_string_append_printf (out, "\\u%04x", *p);
      else
        g_string_append_c (out, (char) *p);
    }
  g_string_append_c (out, '"');
}

void
pv_service_response_init (PvServiceResponse *response)
{
  g_return_if_fail (response != NULL);

  memset (response, 0, sizeof *response);
  response->headers = g_ptr_array_new_with_free_func (g_free);
}

void
pv_service_response_clear (PvServiceResponse *response)
{
  g_return_if_fail (response != NULL);

  g_clear_pointer (&response->body, g_bytes_unref);
  g_clear_pointer (&response->headers, g_ptr_array_unref);
}

void
pv_service_response_add_header (PvServiceResponse *response,
                                const char        *name,
                                const char        *value)
{
  g_return_if_fail (response != NULL);
  g_return_if_fail (name != NULL && value != NULL);

  g_ptr_array_add (response->headers, g_strdup (name));
  g_ptr_array_add (response->headers, g_strdup (value));
}

void
pv_service_set_json (PvServiceResponse *response,
                     GString           *json)
{
  g_return_if_fail (response != NULL);
  g_return_if_fail (json != NULL);

  response->status = 200;
  g_clear_pointer (&response->body, g_bytes_unref);
  response->body = g_string_free_to_bytes (json);
}

void
pv_service_set_error (PvService         *self,
                      PvServiceResponse *response,
                      const char        *type,
                      const char        *format,
                      ...)
{
  g_autofree char *message = NULL;
  g_autofree char *wire_type = NULL;
  GString *body;
  va_list args;

  g_return_if_fail (self != NULL);
  g_return_if_fail (response != NULL);
  g_return_if_fail (type != NULL);

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  response->status = status_for_error (type);
  pv_service_response_add_header (response, "X-Amzn-ErrorType", type);

  switch (self->faults.error_style)
    {
    case PV_SERVICE_ERROR_STYLE_NAMESPACE:
      wire_type = g_strconcat ("com.amazonaws.rekognition#", type, NULL);
      break;
    case PV_SERVICE_ERROR_STYLE_SUFFIX:
      wire_type = g_strconcat (type, ":http://internal.amazon.com/coral/com.amazonaws.rekognition/",
                               NULL);
      break;
    case PV_SERVICE_ERROR_STYLE_PLAIN:
    case PV_SERVICE_ERROR_STYLE_LOWERCASE:
    case PV_SERVICE_ERROR_STYLE_HEADER_ONLY:
    default:
      wire_type = g_strdup (type);
      break;
    }

  body = g_string_new ("");
  if (self->faults.error_style != PV_SERVICE_ERROR_STYLE_HEADER_ONLY)
    {
      g_string_append (body, "{\"__type\":");
      json_append_string (body, wire_type);
      g_string_append (body, self->faults.error_style == PV_SERVICE_ERROR_STYLE_LOWERCASE ?
                             ",\"message\":" : ",\"Message\":");
      json_append_string (body, message);
      g_string_append_c (body, '}');
    }

  g_clear_pointer (&response->body, g_bytes_unref);
  response->body = g_string_free_to_bytes (body);
}

static const char *
find_header (const PvServiceRequest *request,
             const char             *name)
{
  for (guint i = 0; i < request->n_headers; i++)
    if (g_ascii_strcasecmp (request->headers[i].name, name) == 0)
      return request->headers[i].value;
  return NULL;
}

static gboolean
request_number_listed (GArray *list,
                       guint   number)
{
  if (list == NULL)
    return FALSE;
  for (guint i = 0; i < list->len; i++)
    if (g_array_index (list, guint, i) == number)
      return TRUE;
  return FALSE;
}

gboolean
pv_service_parse_request_numbers (const char  *text,
                                  GArray     **out,
                                  GError     **error)
{
  g_autoptr(GArray) list = g_array_new (FALSE, FALSE, sizeof (guint));
  g_auto(GStrv) parts = NULL;

  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  parts = g_strsplit (text, ",", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    {
      guint64 n;
      guint number;

      if (!g_ascii_string_to_unsigned (g_strstrip (parts[i]), 10, 1, G_MAXUINT, &n, NULL))
        {
          g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                       "'%s' is not a list of request numbers (1, 2, ...) separated by commas",
                       text);
          return FALSE;
        }
      number = (guint) n;
      g_array_append_val (list, number);
    }

  *out = g_steal_pointer (&list);
  return TRUE;
}

/* ---- SigV4 verification ------------------------------------------------------------------ */

static const char signature_mismatch[] =
  "The request signature we calculated does not match the signature you provided. Check your "
  "AWS Secret Access Key and signing method. Consult the service documentation for details.";

/* RFC 9110 IMF-fixdate. Not g_date_time_format: its %a and %b follow the locale. */
static char *
format_http_date (GDateTime *time)
{
  static const char *days[] = { "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun" };
  static const char *months[] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                  "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
  g_autoptr(GDateTime) utc = g_date_time_to_utc (time);

  return g_strdup_printf ("%s, %02d %s %04d %02d:%02d:%02d GMT",
                          days[g_date_time_get_day_of_week (utc) - 1],
                          g_date_time_get_day_of_month (utc),
                          months[g_date_time_get_month (utc) - 1],
                          g_date_time_get_year (utc), g_date_time_get_hour (utc),
                          g_date_time_get_minute (utc), g_date_time_get_second (utc));
}

static gboolean
verify_signature (PvService              *self,
                  const PvServiceRequest *request,
                  PvServiceResponse      *response)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) signed_at = NULL;
  g_autoptr(GArray) signed_headers = NULL;
  g_autofree char *creq = NULL;
  g_autofree char *sts = NULL;
  g_autofree char *expected = NULL;
  PvSigv4Authorization authz = { 0 };
  const char *authorization = find_header (request, "Authorization");
  const char *amz_date = find_header (request, "X-Amz-Date");
  const char *token = find_header (request, "X-Amz-Security-Token");
  const PvCredential *cred;
  gboolean has_host = FALSE;
  gint64 skew;
  gboolean ok = FALSE;

  if (authorization == NULL)
    {
      pv_service_set_error (self, response, "MissingAuthenticationTokenException",
                            "Missing Authentication Token");
      return FALSE;
    }

  if (!pv_sigv4_parse_authorization (authorization, &authz, &error))
    {
      pv_service_set_error (self, response, "IncompleteSignatureException", "%s",
                            error->message);
      return FALSE;
    }

  if (amz_date == NULL)
    {
      pv_service_set_error (self, response, "IncompleteSignatureException",
                            "Authorization header requires existence of a 'X-Amz-Date' header.");
      goto out;
    }
  signed_at = pv_sigv4_parse_amz_date (amz_date, &error);
  if (signed_at == NULL)
    {
      pv_service_set_error (self, response, "IncompleteSignatureException", "%s",
                            error->message);
      goto out;
    }

  cred = g_hash_table_lookup (self->credentials, authz.access_key);
  if (cred == NULL)
    {
      pv_service_set_error (self, response, "UnrecognizedClientException",
                            "The security token included in the request is invalid.");
      goto out;
    }

  /* Temporary credentials are only valid with their token, long-term ones only without. */
  if ((cred->session_token == NULL) != (token == NULL) ||
      (token != NULL && !pv_sigv4_equal_constant_time (token, cred->session_token)))
    {
      pv_service_set_error (self, response, "UnrecognizedClientException",
                            "The security token included in the request is invalid.");
      goto out;
    }

  if (strncmp (authz.date, amz_date, 8) != 0)
    {
      pv_service_set_error (self, response, "InvalidSignatureException",
                            "Date in Credential scope does not match YYYYMMDD from ISO-8601 "
                            "version of date from HTTP: '%s' != '%.8s', from '%s'.",
                            authz.date, amz_date, amz_date);
      goto out;
    }

  if (strcmp (authz.service, SERVICE_NAME) != 0)
    {
      pv_service_set_error (self, response, "InvalidSignatureException",
                            "Credential should be scoped to correct service: '" SERVICE_NAME "'.");
      goto out;
    }

  /* Before the signature: a client with a wrong clock learns the server's time from Date and can
   * sign again, which it could not if a stale request were reported as a bad signature. */
  skew = g_date_time_difference (signed_at, request->now) / G_TIME_SPAN_SECOND;
  if (skew < -CLOCK_SKEW_SECONDS || skew > CLOCK_SKEW_SECONDS)
    {
      g_autoptr(GDateTime) limit = NULL;
      g_autofree char *now_text = pv_sigv4_format_amz_date (request->now);
      g_autofree char *limit_text = NULL;
      g_autofree char *http_date = format_http_date (request->now);

      if (skew < 0)
        {
          limit = g_date_time_add_seconds (request->now, -CLOCK_SKEW_SECONDS);
          limit_text = pv_sigv4_format_amz_date (limit);
          pv_service_set_error (self, response, "InvalidSignatureException",
                                "Signature expired: %s is now earlier than %s (%s - 5 min.)",
                                amz_date, limit_text, now_text);
        }
      else
        {
          limit = g_date_time_add_seconds (request->now, CLOCK_SKEW_SECONDS);
          limit_text = pv_sigv4_format_amz_date (limit);
          pv_service_set_error (self, response, "InvalidSignatureException",
                                "Signature not yet current: %s is still later than %s "
                                "(%s + 5 min.)", amz_date, limit_text, now_text);
        }
      pv_service_response_add_header (response, "Date", http_date);
      goto out;
    }

  signed_headers = g_array_new (FALSE, FALSE, sizeof (PvSigv4Header));
  for (guint i = 0; authz.signed_headers[i] != NULL; i++)
    {
      const char *name = authz.signed_headers[i];
      gboolean found = FALSE;

      if (strcmp (name, "host") == 0)
        has_host = TRUE;
      for (guint j = 0; j < request->n_headers; j++)
        if (g_ascii_strcasecmp (request->headers[j].name, name) == 0)
          {
            g_array_append_val (signed_headers, request->headers[j]);
            found = TRUE;
          }
      if (!found)
        {
          pv_service_set_error (self, response, "InvalidSignatureException", signature_mismatch);
          goto out;
        }
    }
  if (!has_host)
    {
      pv_service_set_error (self, response, "InvalidSignatureException",
                            "'Host' or ':authority' must be a 'SignedHeader' in the AWS "
                            "Authorization.");
      goto out;
    }

  creq = pv_sigv4_canonical_request (request->method, request->path, request->query,
                                     (const PvSigv4Header *) (gpointer) signed_headers->data,
                                     signed_headers->len, request->body, request->body_len, NULL);
  sts = pv_sigv4_string_to_sign (amz_date, authz.region, authz.service, creq);
  expected = pv_sigv4_signature (cred->secret, amz_date, authz.region, authz.service, sts);
  if (!pv_sigv4_equal_constant_time (expected, authz.signature))
    {
      pv_service_set_error (self, response, "InvalidSignatureException", signature_mismatch);
      goto out;
    }

  ok = TRUE;

out:
  pv_sigv4_authorization_clear (&authz);
  return ok;
}

/* ---- pagination tokens ------------------------------------------------------------------- */

/* A token is base64 of: version, sort, offset, serial, and an HMAC over those plus the JobId and
 * the job file's generation. So tokens are opaque, cannot be forged or moved to another job, die
 * when the file changes, and two tokens for the same offset still differ (serial). */
static void
token_mac (PvService     *self,
           const guint8  *payload,
           PvJob         *job,
           guint8         mac[TOKEN_MAC_LEN])
{
  g_autoptr(GHmac) hmac = g_hmac_new (G_CHECKSUM_SHA256, self->token_key, sizeof self->token_key);
  guint8 digest[32];
  gsize len = sizeof digest;
  guint8 gen[8];

  for (guint i = 0; i < 8; i++)
    gen[i] = (guint8) (job->generation >> (8 * i));
  g_hmac_update (hmac, payload, TOKEN_LEN - TOKEN_MAC_LEN);
  g_hmac_update (hmac, (const guchar *) job->job_id, strlen (job->job_id) + 1);
  g_hmac_update (hmac, gen, sizeof gen);
  g_hmac_get_digest (hmac, digest, &len);
  memcpy (mac, digest, TOKEN_MAC_LEN);
}

static char *
token_encode (PvService *self,
              PvJob     *job,
              PvJobSort  sort,
              guint32    offset)
{
  guint8 t[TOKEN_LEN];
  guint32 serial = ++self->token_serial;

  t[0] = TOKEN_VERSION;
  t[1] = (guint8) sort;
  for (guint i = 0; i < 4; i++)
    {
      t[2 + i] = (guint8) (offset >> (24 - 8 * i));
      t[6 + i] = (guint8) (serial >> (24 - 8 * i));
    }
  token_mac (self, t, job, t + 10);

  return g_base64_encode (t, sizeof t);
}

static gboolean
token_decode (PvService   *self,
              PvJob       *job,
              const char  *token,
              PvJobSort   *sort_out,
              guint32     *offset_out)
{
  g_autofree guint8 *t = NULL;
  guint8 mac[TOKEN_MAC_LEN];
  gsize len = 0;
  guint8 diff = 0;

  /* g_base64_decode accepts anything; insist on the exact alphabet and length we produce. */
  if (strlen (token) != ((TOKEN_LEN + 2) / 3) * 4)
    return FALSE;
  for (const char *p = token; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && *p != '+' && *p != '/' && *p != '=')
      return FALSE;

  t = g_base64_decode (token, &len);
  if (len != TOKEN_LEN || t[0] != TOKEN_VERSION || t[1] >= PV_JOB_N_SORTS)
    return FALSE;

  token_mac (self, t, job, mac);
  for (guint i = 0; i < TOKEN_MAC_LEN; i++)
    diff |= mac[i] ^ t[10 + i];
  if (diff != 0)
    return FALSE;

  *sort_out = t[1];
  *offset_out = ((guint32) t[2] << 24) | ((guint32) t[3] << 16) | ((guint32) t[4] << 8) | t[5];
  return *offset_out <= job->n_detections;
}

/* ---- GetPersonTracking ------------------------------------------------------------------- */

static gboolean
job_id_valid (const char *job_id)
{
  gsize len = strlen (job_id);

  if (len < 1 || len > 64)
    return FALSE;
  for (gsize i = 0; i < len; i++)
    if (!g_ascii_isalnum (job_id[i]) && job_id[i] != '-' && job_id[i] != '_')
      return FALSE;
  return TRUE;
}

static gboolean
get_string_member (PvService          *self,
                   JsonObject         *input,
                   const char         *name,
                   const char        **out,
                   PvServiceResponse  *response)
{
  JsonNode *node = json_object_get_member (input, name);

  *out = NULL;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (json_node_get_value_type (node) != G_TYPE_STRING)
    {
      pv_service_set_error (self, response, "SerializationException",
                            "%s must be a string", name);
      return FALSE;
    }
  *out = json_node_get_string (node);
  return TRUE;
}

/* Newer versions of the API echo the job on every page: its JobId, the Video it analysed and
 * its JobTag (GetPersonTrackingResponse in the service model); the last two when the job has
 * them (a result file written by hand may not). */
static void
append_status_head (GString    *out,
                    PvJob      *job,
                    const char *status,
                    const char *message)
{
  g_string_append (out, "{\"JobStatus\":");
  json_append_string (out, status);
  if (message != NULL)
    {
      g_string_append (out, ",\"StatusMessage\":");
      json_append_string (out, message);
    }
  g_string_append (out, ",\"JobId\":");
  json_append_string (out, job->job_id);
  if (job->video_length > 0)
    {
      g_string_append (out, ",\"Video\":");
      g_string_append_len (out, job->data + job->video_offset, job->video_length);
    }
  if (job->job_tag != NULL)
    {
      g_string_append (out, ",\"JobTag\":");
      json_append_string (out, job->job_tag);
    }
}

static void
get_person_tracking (PvService         *self,
                     guint              request_number,
                     JsonObject        *input,
                     PvServiceResponse *response,
                     gpointer           user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PvJob) job = NULL;
  g_autofree char *next_token = NULL;
  const char *job_id, *token, *sort_by;
  PvJobSort sort = PV_JOB_SORT_TIMESTAMP;
  gint64 max_results = MAX_RESULTS_DEFAULT;
  guint32 offset = 0;
  guint32 end;
  const guint32 *order;
  JsonNode *node;
  GString *out;
  gsize size;

  if (!get_string_member (self, input, "JobId", &job_id, response) ||
      !get_string_member (self, input, "NextToken", &token, response) ||
      !get_string_member (self, input, "SortBy", &sort_by, response))
    return;

  if (job_id == NULL)
    {
      pv_service_set_error (self, response, "InvalidParameterException",
                            "1 validation error detected: Value null at 'jobId' failed to "
                            "satisfy constraint: Member must not be null");
      return;
    }
  if (!job_id_valid (job_id))
    {
      pv_service_set_error (self, response, "InvalidParameterException",
                            "1 validation error detected: Value at 'jobId' failed to satisfy "
                            "constraint: Member must have length between 1 and 64 and satisfy "
                            "regular expression pattern: ^[a-zA-Z0-9-_]+$");
      return;
    }

  node = json_object_get_member (input, "MaxResults");
  if (node != NULL && !JSON_NODE_HOLDS_NULL (node))
    {
      if (json_node_get_value_type (node) != G_TYPE_INT64)
        {
          pv_service_set_error (self, response, "SerializationException",
                                "MaxResults must be an integer");
          return;
        }
      max_results = json_node_get_int (node);
      if (max_results < 1)
        {
          pv_service_set_error (self, response, "InvalidParameterException",
                                "1 validation error detected: Value '%" G_GINT64_FORMAT "' at "
                                "'maxResults' failed to satisfy constraint: Member must have "
                                "value greater than or equal to 1", max_results);
          return;
        }
      /* The service returns at most 1000 whatever is asked for, and says nothing. */
      max_results = MIN (max_results, MAX_RESULTS_CAP);
    }

  if (sort_by != NULL)
    {
      if (strcmp (sort_by, "INDEX") == 0)
        sort = PV_JOB_SORT_INDEX;
      else if (strcmp (sort_by, "TIMESTAMP") != 0)
        {
          pv_service_set_error (self, response, "InvalidParameterException",
                                "1 validation error detected: Value at 'sortBy' failed to "
                                "satisfy constraint: Member must satisfy enum value set: "
                                "[INDEX, TIMESTAMP]");
          return;
        }
    }

  if (token != NULL && strlen (token) > NEXT_TOKEN_MAX)
    {
      pv_service_set_error (self, response, "InvalidParameterException",
                            "1 validation error detected: Value at 'nextToken' failed to "
                            "satisfy constraint: Member must have length less than or equal "
                            "to %d", NEXT_TOKEN_MAX);
      return;
    }

  job = pv_job_store_lookup (self->jobs, job_id, &error);
  if (job == NULL)
    {
      if (g_error_matches (error, PV_JOB_STORE_ERROR, PV_JOB_STORE_ERROR_NOT_FOUND))
        pv_service_set_error (self, response, "ResourceNotFoundException",
                              "The job %s does not exist.", job_id);
      else
        {
          g_message ("Job %s cannot be served: %s", job_id, error->message);
          pv_service_set_error (self, response, "InternalServerError",
                                "The stored result of job %s is unreadable: %s",
                                job_id, error->message);
        }
      return;
    }

  if (token != NULL)
    {
      PvJobSort token_sort;

      if (!token_decode (self, job, token, &token_sort, &offset))
        {
          pv_service_set_error (self, response, "InvalidPaginationTokenException",
                                "Invalid Token");
          return;
        }
      if (token_sort != sort)
        {
          pv_service_set_error (self, response, "InvalidPaginationTokenException",
                                "The token was issued for SortBy %s",
                                token_sort == PV_JOB_SORT_INDEX ? "INDEX" : "TIMESTAMP");
          return;
        }
    }

  self->n_tracking_calls++;
  if (self->n_tracking_calls <= self->faults.in_progress ||
      strcmp (job->job_status, "IN_PROGRESS") == 0)
    {
      out = g_string_new ("");
      append_status_head (out, job, "IN_PROGRESS", NULL);
      g_string_append (out, ",\"Persons\":[]}");
      pv_service_set_json (response, out);
      return;
    }

  if (self->faults.failed_message != NULL || strcmp (job->job_status, "FAILED") == 0)
    {
      out = g_string_new ("");
      append_status_head (out, job, "FAILED", self->faults.failed_message != NULL ?
                                         self->faults.failed_message : job->status_message);
      g_string_append (out, ",\"Persons\":[]}");
      pv_service_set_json (response, out);
      return;
    }

  end = offset;
  if (!request_number_listed (self->faults.empty_pages, request_number))
    end = (guint32) MIN ((gint64) job->n_detections, (gint64) offset + max_results);

  if (self->faults.repeat_token && token != NULL && end < job->n_detections)
    next_token = g_strdup (token);
  else if (end < job->n_detections)
    next_token = token_encode (self, job, sort, end);

  order = pv_job_get_order (job, sort);
  size = 256 + job->video_metadata_length;
  for (guint32 i = offset; i < end; i++)
    size += job->detections[order[i]].length + 1;

  out = g_string_sized_new (size);
  append_status_head (out, job, job->job_status, job->status_message);
  if (job->video_metadata_length > 0)
    {
      g_string_append (out, ",\"VideoMetadata\":");
      g_string_append_len (out, job->data + job->video_metadata_offset,
                           job->video_metadata_length);
    }
  if (next_token != NULL)
    {
      g_string_append (out, ",\"NextToken\":");
      json_append_string (out, next_token);
    }
  g_string_append (out, ",\"Persons\":[");
  for (guint32 i = offset; i < end; i++)
    {
      const PvJobDetection *d = &job->detections[order[i]];

      if (i > offset)
        g_string_append_c (out, ',');
      g_string_append_len (out, job->data + d->offset, d->length);
    }
  g_string_append (out, "]}");

  pv_service_set_json (response, out);
}

/* ---- the service ------------------------------------------------------------------------- */

static GArray *
copy_list (GArray *list)
{
  GArray *copy;

  if (list == NULL)
    return NULL;
  copy = g_array_sized_new (FALSE, FALSE, sizeof (guint), list->len);
  g_array_append_vals (copy, list->data, list->len);
  return copy;
}

PvService *
pv_service_new (PvJobStore            *jobs,
                GHashTable            *credentials,
                const PvServiceFaults *faults)
{
  static const PvServiceFaults no_faults = { 0 };
  PvService *self;
  FILE *urandom;

  g_return_val_if_fail (jobs != NULL, NULL);
  g_return_val_if_fail (credentials != NULL, NULL);

  if (faults == NULL)
    faults = &no_faults;

  self = g_new0 (PvService, 1);
  self->jobs = jobs;
  self->credentials = credentials;
  self->operations = g_array_new (FALSE, FALSE, sizeof (Operation));
  self->faults = *faults;
  self->faults.throttle_requests = copy_list (faults->throttle_requests);
  self->faults.drop_mid_body = copy_list (faults->drop_mid_body);
  self->faults.empty_pages = copy_list (faults->empty_pages);
  self->faults.failed_message = g_strdup (faults->failed_message);
  self->faults.error_type = g_strdup (faults->error_type);
  self->rand = g_rand_new_with_seed (faults->seed);

  /* The token key only has to be unguessable by clients; /dev/urandom when there is one. */
  urandom = fopen ("/dev/urandom", "rb");
  if (urandom == NULL || fread (self->token_key, 1, sizeof self->token_key, urandom) !=
                         sizeof self->token_key)
    {
      g_autoptr(GRand) r = g_rand_new ();

      for (guint i = 0; i < sizeof self->token_key; i++)
        self->token_key[i] = (guint8) g_rand_int (r);
    }
  if (urandom != NULL)
    fclose (urandom);

  pv_service_add_operation (self, TARGET_PREFIX "GetPersonTracking", get_person_tracking, NULL);

  return self;
}

void
pv_service_set_token_key (PvService    *self,
                          const guint8  key[32])
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (key != NULL);

  memcpy (self->token_key, key, sizeof self->token_key);
}

void
pv_service_free (PvService *self)
{
  if (self == NULL)
    return;

  for (guint i = 0; i < self->operations->len; i++)
    g_free (g_array_index (self->operations, Operation, i).target);
  g_array_unref (self->operations);
  g_clear_pointer (&self->faults.throttle_requests, g_array_unref);
  g_clear_pointer (&self->faults.drop_mid_body, g_array_unref);
  g_clear_pointer (&self->faults.empty_pages, g_array_unref);
  g_free (self->faults.failed_message);
  g_free (self->faults.error_type);
  g_rand_free (self->rand);
  pv_job_store_free (self->jobs);
  g_hash_table_unref (self->credentials);
  memset (self->token_key, 0, sizeof self->token_key);
  g_free (self);
}

PvJobStore *
pv_service_get_job_store (PvService *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->jobs;
}

void
pv_service_add_operation (PvService          *self,
                          const char         *target,
                          PvServiceOperation  operation,
                          gpointer            user_data)
{
  Operation op;

  g_return_if_fail (self != NULL);
  g_return_if_fail (target != NULL);
  g_return_if_fail (operation != NULL);

  op.target = g_strdup (target);
  op.operation = operation;
  op.user_data = user_data;
  g_array_append_val (self->operations, op);
}

static gboolean
content_type_ok (const char *value)
{
  gsize n = strlen (JSON_CONTENT_TYPE);

  return value != NULL && g_ascii_strncasecmp (value, JSON_CONTENT_TYPE, n) == 0 &&
         (value[n] == '\0' || value[n] == ';' || value[n] == ' ');
}

/* Injected errors come after authentication, so a client's retries must still sign correctly. */
static gboolean
inject_errors (PvService         *self,
               guint              request_number,
               PvServiceResponse *response)
{
  /* Both draws happen on every request so one fault's rate does not shift the other's sequence. */
  double throttle_draw = g_rand_double (self->rand);
  double error_500_draw = g_rand_double (self->rand);

  if (self->faults.error_type != NULL &&
      (self->faults.error_count == 0 || self->n_error_calls < self->faults.error_count))
    {
      self->n_error_calls++;
      pv_service_set_error (self, response, self->faults.error_type,
                            "Injected %s (pathview-server --fault-error)",
                            self->faults.error_type);
      return TRUE;
    }

  if (request_number_listed (self->faults.throttle_requests, request_number) ||
      throttle_draw < self->faults.throttle_rate)
    {
      pv_service_set_error (self, response, "ThrottlingException", "Rate exceeded");
      return TRUE;
    }

  if (error_500_draw < self->faults.error_500_rate)
    {
      pv_service_set_error (self, response, "InternalServerError",
                            "Injected internal error (pathview-server --fault-500-rate)");
      return TRUE;
    }

  return FALSE;
}

void
pv_service_handle (PvService              *self,
                   const PvServiceRequest *request,
                   PvServiceResponse      *response)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *request_id = g_uuid_string_random ();
  const Operation *op = NULL;
  const char *target;
  guint request_number;
  JsonNode *root;

  g_return_if_fail (self != NULL);
  g_return_if_fail (request != NULL && request->method != NULL && request->now != NULL);
  g_return_if_fail (response != NULL && response->headers != NULL);
  g_return_if_fail (request->body != NULL || request->body_len == 0);

  request_number = ++self->n_requests;
  pv_service_response_add_header (response, "x-amzn-RequestId", request_id);
  response->delay_ms = self->faults.latency_ms;
  response->drop_mid_body = request_number_listed (self->faults.drop_mid_body, request_number);

  if (request->body_len > PV_SERVICE_MAX_BODY)
    {
      pv_service_set_error (self, response, "SerializationException",
                            "The request body of %" G_GSIZE_FORMAT " bytes is larger than the "
                            "limit of %d bytes", request->body_len, PV_SERVICE_MAX_BODY);
      return;
    }

  if (strcmp (request->method, "POST") != 0)
    {
      pv_service_set_error (self, response, "UnknownOperationException",
                            "The AWS JSON 1.1 protocol only uses POST, not %.16s",
                            request->method);
      return;
    }

  if (!content_type_ok (find_header (request, "Content-Type")))
    {
      pv_service_set_error (self, response, "SerializationException",
                            "Content-Type must be " JSON_CONTENT_TYPE);
      return;
    }

  if (!verify_signature (self, request, response))
    return;

  target = find_header (request, "X-Amz-Target");
  for (guint i = 0; target != NULL && i < self->operations->len; i++)
    if (strcmp (g_array_index (self->operations, Operation, i).target, target) == 0)
      op = &g_array_index (self->operations, Operation, i);
  if (op == NULL)
    {
      pv_service_set_error (self, response, "UnknownOperationException",
                            "X-Amz-Target '%.100s' names no operation of this service",
                            target != NULL ? target : "");
      return;
    }

  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, (const char *) request->body, request->body_len,
                                   &error) ||
      (root = json_parser_get_root (parser)) == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      pv_service_set_error (self, response, "SerializationException",
                            "The request body is not a JSON object%s%s",
                            error != NULL ? ": " : "", error != NULL ? error->message : "");
      return;
    }

  if (inject_errors (self, request_number, response))
    return;

  op->operation (self, request_number, json_node_get_object (root), response, op->user_data);
}
