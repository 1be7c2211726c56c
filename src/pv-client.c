/* pv-client.c
 *
 * Copyright 2026 The Pathview authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "pv-client"

#include "config.h"

#include <errno.h>
#include <string.h>
#include <glib/gi18n.h>

#include "pv-aws-config.h"
#include "pv-client.h"
#include "pv-page-reader.h"
#include "pv-result-private.h"
#include "pv-sigv4.h"

/* GetPersonTracking over the Rekognition JSON 1.1 protocol.
 *
 * One fetch is a small state machine driven from the main context: send a page request, read
 * the whole answer, turn it into a page or an error (pv_client_parse_response, which knows
 * nothing of the fetch), then either continue with NextToken, wait and poll (IN_PROGRESS),
 * wait and retry (throttling, 5xx, a connection that failed on the way), re-sign once with the
 * server's clock (skew), or stop.
 * Every attempt is signed afresh, since the signature covers the time. */

#define SERVICE "rekognition"
#define TARGET  "RekognitionService.GetPersonTracking"
#define CONTENT_TYPE "application/x-amz-json-1.1"

struct _PvClient
{
  GObject      parent_instance;

  /* Owned */
  PvAwsConfig *config;
  SoupSession *session;
  GUri        *uri;
  char        *host_header;
  GRand       *rand;

  /* Settings */
  guint        max_attempts;
  guint        timeout_ms;
  guint        retry_base_ms;
  guint        retry_max_ms;
  guint        poll_initial_ms;
  guint        poll_max_ms;
  guint        max_polls;
  gint64       clock_offset_s;
};

G_DEFINE_FINAL_TYPE (PvClient, pv_client, G_TYPE_OBJECT)
G_DEFINE_QUARK (pv-client-error-quark, pv_client_error)

enum {
  PROGRESS,
  ANALYSIS_RUNNING,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

typedef struct
{
  char         *job_id;
  guint         max_results;
  char         *sort_by;
  gboolean      save_to_cache;

  PvResult     *result;
  char         *token;          /* NextToken of the request being made (NULL: first page) */
  GHashTable   *seen_tokens;
  guint         pages;
  guint         persons;
  guint         attempt;        /* of the current page request, from 1 */
  guint         polls;
  gboolean      skew_retried;
  gint64        skew_s;         /* server clock minus our clock, learnt from a rejection */

  /* The request in flight */
  GCancellable *request_cancellable;
  gulong        cancel_handler;
  GSource      *timeout_source;
  gboolean      timed_out;

  /* A wait between requests (retry backoff or poll) */
  GSource      *wait_source;
  GSource      *wait_cancel_source;
} Fetch;

static void fetch_send (GTask *task);

static void
fetch_clear_request (Fetch        *fetch,
                     GCancellable *user_cancellable)
{
  if (fetch->cancel_handler != 0)
    {
      g_cancellable_disconnect (user_cancellable, fetch->cancel_handler);
      fetch->cancel_handler = 0;
    }
  if (fetch->timeout_source != NULL)
    {
      g_source_destroy (fetch->timeout_source);
      g_clear_pointer (&fetch->timeout_source, g_source_unref);
    }
  g_clear_object (&fetch->request_cancellable);
}

static void
fetch_clear_wait (Fetch *fetch)
{
  if (fetch->wait_source != NULL)
    {
      g_source_destroy (fetch->wait_source);
      g_clear_pointer (&fetch->wait_source, g_source_unref);
    }
  if (fetch->wait_cancel_source != NULL)
    {
      g_source_destroy (fetch->wait_cancel_source);
      g_clear_pointer (&fetch->wait_cancel_source, g_source_unref);
    }
}

static void
fetch_free (Fetch *fetch)
{
  g_assert (fetch->cancel_handler == 0);
  g_assert (fetch->wait_source == NULL);

  g_free (fetch->job_id);
  g_free (fetch->sort_by);
  g_clear_object (&fetch->result);
  g_free (fetch->token);
  g_clear_pointer (&fetch->seen_tokens, g_hash_table_unref);
  g_clear_pointer (&fetch->timeout_source, g_source_unref);
  g_clear_object (&fetch->request_cancellable);
  g_free (fetch);
}

/* Error types */

typedef struct
{
  const char    *type;
  PvClientError  code;
} ErrorType;

static const ErrorType error_types[] = {
  { "AccessDeniedException", PV_CLIENT_ERROR_ACCESS_DENIED },
  { "AccessDenied", PV_CLIENT_ERROR_ACCESS_DENIED },
  { "InternalServerError", PV_CLIENT_ERROR_INTERNAL_SERVER_ERROR },
  { "InternalServerErrorException", PV_CLIENT_ERROR_INTERNAL_SERVER_ERROR },
  { "InternalFailure", PV_CLIENT_ERROR_INTERNAL_SERVER_ERROR },
  { "InvalidParameterException", PV_CLIENT_ERROR_INVALID_PARAMETER },
  { "ValidationException", PV_CLIENT_ERROR_INVALID_PARAMETER },
  { "SerializationException", PV_CLIENT_ERROR_INVALID_PARAMETER },
  { "InvalidPaginationTokenException", PV_CLIENT_ERROR_INVALID_PAGINATION_TOKEN },
  { "ProvisionedThroughputExceededException", PV_CLIENT_ERROR_PROVISIONED_THROUGHPUT_EXCEEDED },
  { "ResourceNotFoundException", PV_CLIENT_ERROR_RESOURCE_NOT_FOUND },
  { "ThrottlingException", PV_CLIENT_ERROR_THROTTLING },
  { "Throttling", PV_CLIENT_ERROR_THROTTLING },
  { "ThrottledException", PV_CLIENT_ERROR_THROTTLING },
  { "TooManyRequestsException", PV_CLIENT_ERROR_THROTTLING },
  { "RequestLimitExceeded", PV_CLIENT_ERROR_THROTTLING },
  { "InvalidSignatureException", PV_CLIENT_ERROR_INVALID_SIGNATURE },
  { "SignatureDoesNotMatch", PV_CLIENT_ERROR_INVALID_SIGNATURE },
  { "IncompleteSignatureException", PV_CLIENT_ERROR_INVALID_SIGNATURE },
  { "RequestTimeTooSkewed", PV_CLIENT_ERROR_INVALID_SIGNATURE },
  { "RequestExpired", PV_CLIENT_ERROR_INVALID_SIGNATURE },
  { "UnrecognizedClientException", PV_CLIENT_ERROR_INVALID_CREDENTIALS },
  { "InvalidClientTokenId", PV_CLIENT_ERROR_INVALID_CREDENTIALS },
  { "ExpiredTokenException", PV_CLIENT_ERROR_INVALID_CREDENTIALS },
  { "ExpiredToken", PV_CLIENT_ERROR_INVALID_CREDENTIALS },
  { "MissingAuthenticationTokenException", PV_CLIENT_ERROR_INVALID_CREDENTIALS },
  { "MissingAuthenticationToken", PV_CLIENT_ERROR_INVALID_CREDENTIALS },
};

/* "aws.protocoltests.restjson#FooError:http://internal.amazon.com/..." -> "FooError" */
static char *
sanitize_error_type (const char *raw)
{
  const char *start;
  const char *end;

  g_assert (raw != NULL);

  start = strrchr (raw, '#');
  start = start != NULL ? start + 1 : raw;
  end = strchr (start, ':');
  if (end == NULL)
    end = start + strlen (start);

  return g_strstrip (g_strndup (start, end - start));
}

gboolean
pv_client_parse_error (SoupMessageHeaders  *headers,
                       GBytes              *body,
                       char               **type_out,
                       char               **message_out)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autofree char *type = NULL;
  g_autofree char *message = NULL;
  const char *raw_type = NULL;
  gsize size = 0;
  const char *data = NULL;

  g_return_val_if_fail (type_out != NULL, FALSE);
  g_return_val_if_fail (message_out != NULL, FALSE);

  if (body != NULL)
    data = g_bytes_get_data (body, &size);

  if (data != NULL && size > 0)
    {
      parser = json_parser_new_immutable ();
      if (pv_result_load_json (parser, data, size, NULL))
        {
          JsonNode *root = json_parser_get_root (parser);

          if (root != NULL && JSON_NODE_HOLDS_OBJECT (root))
            {
              JsonObject *object = json_node_get_object (root);
              const char *keys[] = { "__type", "code" };
              const char *message_keys[] = { "message", "Message", "errorMessage" };

              for (guint i = 0; i < G_N_ELEMENTS (keys) && raw_type == NULL; i++)
                {
                  JsonNode *node = json_object_get_member (object, keys[i]);

                  if (node != NULL && JSON_NODE_HOLDS_VALUE (node)
                      && json_node_get_value_type (node) == G_TYPE_STRING)
                    raw_type = json_node_get_string (node);
                }
              if (raw_type != NULL)
                type = sanitize_error_type (raw_type);

              for (guint i = 0; i < G_N_ELEMENTS (message_keys) && message == NULL; i++)
                {
                  JsonNode *node = json_object_get_member (object, message_keys[i]);

                  if (node != NULL && JSON_NODE_HOLDS_VALUE (node)
                      && json_node_get_value_type (node) == G_TYPE_STRING)
                    message = g_strdup (json_node_get_string (node));
                }
            }
        }
    }

  if ((type == NULL || type[0] == '\0') && headers != NULL)
    {
      const char *header = soup_message_headers_get_one (headers, "X-Amzn-ErrorType");

      if (header != NULL && header[0] != '\0')
        {
          g_free (type);
          type = sanitize_error_type (header);
        }
    }

  if (type != NULL && type[0] == '\0')
    g_clear_pointer (&type, g_free);

  *type_out = g_steal_pointer (&type);
  *message_out = g_steal_pointer (&message);
  return *type_out != NULL;
}

static PvClientError
error_code_for_type (const char *type,
                     guint       status)
{
  if (type != NULL)
    for (guint i = 0; i < G_N_ELEMENTS (error_types); i++)
      if (g_str_equal (type, error_types[i].type))
        return error_types[i].code;

  /* An unknown type (or none) keeps its HTTP meaning; 5xx stay retryable from the status. */
  return PV_CLIENT_ERROR_HTTP;
}

static const char *
error_advice (PvClientError code)
{
  switch (code)
    {
    case PV_CLIENT_ERROR_ACCESS_DENIED:
      return _("The endpoint refused access. Check that these credentials may call "
               "rekognition:GetPersonTracking.");
    case PV_CLIENT_ERROR_INTERNAL_SERVER_ERROR:
      return _("The service had an internal error. Try again later.");
    case PV_CLIENT_ERROR_INVALID_PARAMETER:
      return _("The service rejected the request parameters. Check the JobId and options.");
    case PV_CLIENT_ERROR_INVALID_PAGINATION_TOKEN:
      return _("The service rejected the pagination token; it may have expired. Fetch the job "
               "again from the start.");
    case PV_CLIENT_ERROR_PROVISIONED_THROUGHPUT_EXCEEDED:
      return _("The account’s request rate limit was exceeded. Try again in a few minutes.");
    case PV_CLIENT_ERROR_RESOURCE_NOT_FOUND:
      return _("The endpoint does not know this JobId. Check the JobId and the region: jobs "
               "exist only in the region that ran them.");
    case PV_CLIENT_ERROR_THROTTLING:
      return _("The service is throttling requests. Try again in a few minutes.");
    case PV_CLIENT_ERROR_INVALID_SIGNATURE:
      return _("The endpoint rejected the request signature. Check the secret access key, and "
               "that this computer’s clock is right.");
    case PV_CLIENT_ERROR_INVALID_CREDENTIALS:
      return _("The endpoint does not accept these credentials. Check the access key ID, or "
               "renew the session token if it has expired.");
    case PV_CLIENT_ERROR_HTTP:
    case PV_CLIENT_ERROR_NETWORK:
    case PV_CLIENT_ERROR_TIMEOUT:
    case PV_CLIENT_ERROR_BAD_RESPONSE:
    case PV_CLIENT_ERROR_JOB_FAILED:
    case PV_CLIENT_ERROR_REPEATED_TOKEN:
    case PV_CLIENT_ERROR_CANCELLED:
    default:
      return _("The endpoint answered with an error.");
    }
}

static void
clear_detection (gpointer data)
{
  PvDetection *detection = data;

  g_clear_pointer (&detection->face, pv_face_free);
}

/* The fast path: the page without its Persons as a small object, and the detections apart. */
static JsonObject *
read_plain_page (const char  *data,
                 gsize        size,
                 GArray     **detections_out)
{
  g_autoptr(JsonObject) head = NULL;
  PvPage page;

  if (!pv_page_reader_read (data, size, &page))
    return NULL;

  head = json_object_new ();
  if (page.job_status != NULL)
    json_object_set_string_member (head, "JobStatus", page.job_status);
  if (page.status_message != NULL)
    json_object_set_string_member (head, "StatusMessage", page.status_message);
  if (page.next_token != NULL)
    json_object_set_string_member (head, "NextToken", page.next_token);
  if (page.video_metadata != NULL)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();

      /* Only its extent was found; json-glib checks it, and the whole page if it is not JSON. */
      if (!pv_result_load_json (parser, page.video_metadata, page.video_metadata_len, NULL)
          || !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
        {
          pv_page_clear (&page);
          return NULL;
        }
      json_object_set_member (head, "VideoMetadata",
                              json_node_copy (json_parser_get_root (parser)));
    }

  g_array_set_clear_func (page.detections, clear_detection);
  *detections_out = g_steal_pointer (&page.detections);
  pv_page_clear (&page);
  return g_steal_pointer (&head);
}

JsonObject *
pv_client_parse_response (guint                status,
                          SoupMessageHeaders  *headers,
                          GBytes              *body,
                          GArray             **detections_out,
                          GError             **error)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) local_error = NULL;
  const char *data = NULL;
  gsize size = 0;
  JsonNode *root;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (detections_out != NULL)
    *detections_out = NULL;
  if (body != NULL)
    data = g_bytes_get_data (body, &size);

  if (status < 200 || status > 299)
    {
      g_autofree char *type = NULL;
      g_autofree char *message = NULL;
      g_autofree char *detail = NULL;
      PvClientError code;

      pv_client_parse_error (headers, body, &type, &message);
      code = error_code_for_type (type, status);

      if (type != NULL && message != NULL)
        detail = g_strdup_printf ("%s: %s", type, message);
      else if (type != NULL)
        detail = g_strdup (type);
      else if (message != NULL)
        detail = g_strdup (message);
      else
        detail = g_strdup_printf ("HTTP %u %s", status, soup_status_get_phrase (status));

      if (code == PV_CLIENT_ERROR_HTTP && type == NULL)
        g_set_error (error, PV_CLIENT_ERROR, code,
                     _("The endpoint answered HTTP %u without saying why (%s)"), status, detail);
      else if (code == PV_CLIENT_ERROR_HTTP)
        g_set_error (error, PV_CLIENT_ERROR, code,
                     _("The endpoint answered HTTP %u with an error this program does not know "
                       "(%s)"), status, detail);
      else
        g_set_error (error, PV_CLIENT_ERROR, code, "%s (%s)", error_advice (code), detail);
      return NULL;
    }

  if (data == NULL || size == 0)
    {
      g_set_error (error, PV_CLIENT_ERROR, PV_CLIENT_ERROR_BAD_RESPONSE,
                   _("The endpoint sent an empty answer"));
      return NULL;
    }

  if (detections_out != NULL)
    {
      JsonObject *head;

      *detections_out = NULL;
      if ((head = read_plain_page (data, size, detections_out)))
        return head;
    }

  parser = json_parser_new_immutable ();
  if (!pv_result_load_json (parser, data, size, &local_error)
      && local_error->domain == PV_RESULT_ERROR)
    {
      g_set_error (error, PV_CLIENT_ERROR, PV_CLIENT_ERROR_BAD_RESPONSE,
                   _("The endpoint’s answer is refused: %s"), local_error->message);
      return NULL;
    }
  if (local_error != NULL)
    {
      g_set_error (error, PV_CLIENT_ERROR, PV_CLIENT_ERROR_BAD_RESPONSE,
                   _("The endpoint’s answer is not valid JSON (%s); it may have been cut off"),
                   local_error->message);
      return NULL;
    }

  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (error, PV_CLIENT_ERROR, PV_CLIENT_ERROR_BAD_RESPONSE,
                   _("The endpoint’s answer is not a JSON object"));
      return NULL;
    }

  return json_object_ref (json_node_get_object (root));
}

gboolean
pv_client_validate_job_id (const char  *job_id,
                           GError     **error)
{
  gsize length;

  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (job_id == NULL)
    job_id = "";

  length = strlen (job_id);
  if (length < 1 || length > 64)
    {
      g_set_error (error, PV_CLIENT_ERROR, PV_CLIENT_ERROR_INVALID_PARAMETER,
                   _("A JobId has 1 to 64 characters; this one has %zu"), length);
      return FALSE;
    }

  for (gsize i = 0; i < length; i++)
    if (!g_ascii_isalnum (job_id[i]) && job_id[i] != '-' && job_id[i] != '_')
      {
        g_set_error (error, PV_CLIENT_ERROR, PV_CLIENT_ERROR_INVALID_PARAMETER,
                     _("A JobId has only letters, digits, “-” and “_”; character %zu is not "
                       "one of them"), i + 1);
        return FALSE;
      }

  return TRUE;
}

/* The client */

static void
pv_client_finalize (GObject *object)
{
  PvClient *self = (PvClient *)object;

  g_clear_pointer (&self->config, pv_aws_config_free);
  g_clear_pointer (&self->uri, g_uri_unref);
  g_clear_pointer (&self->host_header, g_free);
  g_clear_pointer (&self->rand, g_rand_free);

  G_OBJECT_CLASS (pv_client_parent_class)->finalize (object);
}

static void
pv_client_dispose (GObject *object)
{
  PvClient *self = (PvClient *)object;

  if (self->session != NULL)
    soup_session_abort (self->session);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (pv_client_parent_class)->dispose (object);
}

static void
pv_client_class_init (PvClientClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = pv_client_dispose;
  object_class->finalize = pv_client_finalize;

  /**
   * PvClient::progress:
   * @pages: pages fetched so far
   * @persons: person detections in them
   */
  signals[PROGRESS] =
    g_signal_new ("progress", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 2, G_TYPE_UINT, G_TYPE_UINT);

  /**
   * PvClient::analysis-running:
   * @polls: how many times the job answered IN_PROGRESS so far
   * @next_poll_ms: how long until it is asked again
   *
   * The job exists but its analysis has not finished: this is not "0 persons".
   */
  signals[ANALYSIS_RUNNING] =
    g_signal_new ("analysis-running", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                  NULL, NULL, G_TYPE_NONE, 2, G_TYPE_UINT, G_TYPE_UINT);
}

static void
pv_client_init (PvClient *self)
{
  self->rand = g_rand_new ();
}

PvClient *
pv_client_new (const PvClientOptions  *options,
               GError                **error)
{
  g_autoptr(PvClient) self = NULL;
  PvAwsConfigOptions config_options = { 0 };
  const PvClientOptions defaults = { 0 };
  const char *host;
  int port;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (options == NULL)
    options = &defaults;

  config_options.endpoint_url = options->endpoint_url;
  config_options.region = options->region;
  config_options.profile = options->profile;
  config_options.access_key_id = options->access_key_id;
  config_options.secret_access_key = options->secret_access_key;
  config_options.session_token = options->session_token;
  config_options.allow_insecure_http = options->allow_insecure_http;

  self = g_object_new (PV_TYPE_CLIENT, NULL);

  if (!(self->config = pv_aws_config_resolve (&config_options, error)))
    return NULL;

  {
    g_autoptr(GUri) parsed = g_uri_parse (self->config->endpoint_url, G_URI_FLAGS_ENCODED, error);

    if (parsed == NULL)
      return NULL;

    /* "http://host:port" has an empty path, but the request line (and the signature) need "/". */
    self->uri = g_uri_build (G_URI_FLAGS_ENCODED, g_uri_get_scheme (parsed), NULL,
                             g_uri_get_host (parsed), g_uri_get_port (parsed),
                             g_uri_get_path (parsed)[0] != '\0' ? g_uri_get_path (parsed) : "/",
                             NULL, NULL);
  }

  /* The Host header is signed, so it must be byte for byte what libsoup sends. */
  host = g_uri_get_host (self->uri);
  port = g_uri_get_port (self->uri);
  {
    const char *scheme = g_uri_get_scheme (self->uri);
    gboolean default_port = port == -1
                            || (g_ascii_strcasecmp (scheme, "https") == 0 && port == 443)
                            || (g_ascii_strcasecmp (scheme, "http") == 0 && port == 80);
    gboolean ipv6 = strchr (host, ':') != NULL;
    g_autofree char *bracketed = ipv6 ? g_strdup_printf ("[%s]", host) : g_strdup (host);

    self->host_header = default_port ? g_strdup (bracketed)
                                     : g_strdup_printf ("%s:%d", bracketed, port);
  }

  self->max_attempts = options->max_attempts ?: 5;
  self->timeout_ms = options->timeout_ms ?: 30000;
  self->retry_base_ms = options->retry_base_ms ?: 200;
  self->retry_max_ms = options->retry_max_ms ?: 20000;
  self->poll_initial_ms = options->poll_initial_ms ?: 5000;
  self->poll_max_ms = options->poll_max_ms ?: 60000;
  self->max_polls = options->max_polls;
  self->clock_offset_s = options->clock_offset_s;

  /* Our own per-request timer gives millisecond timeouts and tells a timeout from a cancel. */
  self->session = soup_session_new_with_options ("user-agent", "pathview/" PACKAGE_VERSION,
                                                 "timeout", 0,
                                                 NULL);

  return g_steal_pointer (&self);
}

const char *
pv_client_get_endpoint_url (PvClient *self)
{
  g_return_val_if_fail (PV_IS_CLIENT (self), NULL);

  return self->config->endpoint_url;
}

const char *
pv_client_get_region (PvClient *self)
{
  g_return_val_if_fail (PV_IS_CLIENT (self), NULL);

  return self->config->region;
}

/* Fetching */

static GBytes *
fetch_build_body (Fetch *fetch)
{
  g_autoptr(JsonBuilder) builder = json_builder_new_immutable ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  gsize length = 0;
  char *text;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "JobId");
  json_builder_add_string_value (builder, fetch->job_id);
  if (fetch->max_results > 0)
    {
      json_builder_set_member_name (builder, "MaxResults");
      json_builder_add_int_value (builder, fetch->max_results);
    }
  /* Never an empty NextToken: the service rejects it, and it would restart the listing. */
  if (fetch->token != NULL && fetch->token[0] != '\0')
    {
      json_builder_set_member_name (builder, "NextToken");
      json_builder_add_string_value (builder, fetch->token);
    }
  if (fetch->sort_by != NULL)
    {
      json_builder_set_member_name (builder, "SortBy");
      json_builder_add_string_value (builder, fetch->sort_by);
    }
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  text = json_generator_to_data (generator, &length);
  return g_bytes_new_take (text, length);
}

static void
on_user_cancelled (GCancellable *cancellable,
                   GCancellable *request_cancellable)
{
  g_cancellable_cancel (request_cancellable);
}

static gboolean
on_request_timeout (gpointer user_data)
{
  GTask *task = user_data;
  Fetch *fetch = g_task_get_task_data (task);

  fetch->timed_out = TRUE;
  g_cancellable_cancel (fetch->request_cancellable);
  return G_SOURCE_REMOVE;
}

static void
fetch_fail (GTask  *task,
            GError *error)
{
  Fetch *fetch = g_task_get_task_data (task);

  fetch_clear_wait (fetch);
  g_debug ("Fetch of %s stopped after %u pages: %s", fetch->job_id, fetch->pages, error->message);
  g_task_return_error (task, error);
}

static gboolean
on_wait_done (gpointer user_data)
{
  GTask *task = user_data;
  Fetch *fetch = g_task_get_task_data (task);

  fetch_clear_wait (fetch);
  fetch_send (task);
  return G_SOURCE_REMOVE;
}

static gboolean
on_wait_cancelled (GCancellable *cancellable,
                   gpointer      user_data)
{
  GTask *task = user_data;

  fetch_fail (task, g_error_new (PV_CLIENT_ERROR, PV_CLIENT_ERROR_CANCELLED,
                                 _("The download was cancelled")));
  return G_SOURCE_REMOVE;
}

static void
fetch_wait_then_send (GTask *task,
                      guint  delay_ms)
{
  Fetch *fetch = g_task_get_task_data (task);
  GCancellable *cancellable = g_task_get_cancellable (task);

  g_assert (fetch->wait_source == NULL);

  /* Both sources hold the task, so it outlives whichever fires first. */
  fetch->wait_source = g_timeout_source_new (delay_ms);
  g_source_set_callback (fetch->wait_source, on_wait_done, g_object_ref (task), g_object_unref);
  g_source_attach (fetch->wait_source, g_task_get_context (task));

  if (cancellable != NULL)
    {
      fetch->wait_cancel_source = g_cancellable_source_new (cancellable);
      g_source_set_callback (fetch->wait_cancel_source, G_SOURCE_FUNC (on_wait_cancelled),
                             g_object_ref (task), g_object_unref);
      g_source_attach (fetch->wait_cancel_source, g_task_get_context (task));
    }
}

/* Exponential backoff with "equal jitter": never zero, never in lock-step with other clients. */
static guint
retry_delay_ms (PvClient *self,
                guint     attempt)
{
  guint64 ceiling = self->retry_base_ms;

  for (guint i = 1; i < attempt && ceiling < self->retry_max_ms; i++)
    ceiling *= 2;
  ceiling = MIN (ceiling, self->retry_max_ms);

  return (guint) (ceiling / 2 + g_rand_int_range (self->rand, 0, (gint32) (ceiling / 2) + 1));
}

/* Throttling and server-side failures are worth another try; anything the request itself
 * caused (parameters, keys, tokens) would fail the same way again. Of the bare 5xx statuses,
 * the ones botocore's standard retry mode calls transient: 501 or 505 would not change. */
static gboolean
is_retryable (const GError *error,
              guint         status)
{
  if (error->domain != PV_CLIENT_ERROR)
    return FALSE;

  switch (error->code)
    {
    case PV_CLIENT_ERROR_THROTTLING:
    case PV_CLIENT_ERROR_PROVISIONED_THROUGHPUT_EXCEEDED:
    case PV_CLIENT_ERROR_INTERNAL_SERVER_ERROR:
      return TRUE;
    case PV_CLIENT_ERROR_HTTP:
      return status == 500 || status == 502 || status == 503 || status == 504;
    default:
      return FALSE;
    }
}

/* A connection that failed on the way may well work the next time (botocore's standard mode
 * retries its ConnectionError and HTTPClientError): refused while a server restarts, reset or
 * closed by a load balancer, a handshake cut off, a lost route, a slow answer. What would fail
 * the same way again is not retried: a name the DNS says does not exist (a typo in the
 * endpoint, unlike a resolver that could not answer now), a certificate that is not trusted, a
 * server that does not speak TLS or HTTP. */
static gboolean
is_transient_transport_error (const GError *error)
{
  if (error->domain == G_IO_ERROR)
    switch (error->code)
      {
      case G_IO_ERROR_CONNECTION_REFUSED:
      case G_IO_ERROR_CONNECTION_CLOSED:     /* = BROKEN_PIPE; also ECONNRESET */
      case G_IO_ERROR_NOT_CONNECTED:
      case G_IO_ERROR_PARTIAL_INPUT:         /* closed before or in the middle of the answer */
      case G_IO_ERROR_TIMED_OUT:
      case G_IO_ERROR_HOST_UNREACHABLE:
      case G_IO_ERROR_NETWORK_UNREACHABLE:
        return TRUE;
      default:
        return FALSE;
      }

  if (error->domain == G_RESOLVER_ERROR)
    return error->code == G_RESOLVER_ERROR_TEMPORARY_FAILURE;

  /* The peer closed or reset the connection in the middle of the handshake (glib-networking
   * calls a handshake that got no TLS answer at all NOT_TLS). Garbage (MISC) or a refused
   * certificate would come again. */
  if (error->domain == G_TLS_ERROR)
    return error->code == G_TLS_ERROR_EOF || error->code == G_TLS_ERROR_NOT_TLS;

  return FALSE;
}

static gboolean
is_clock_skew (const GError *error,
               const char   *type)
{
  if (!g_error_matches (error, PV_CLIENT_ERROR, PV_CLIENT_ERROR_INVALID_SIGNATURE))
    return FALSE;
  if (type != NULL && (g_str_equal (type, "RequestTimeTooSkewed")
                       || g_str_equal (type, "RequestExpired")))
    return TRUE;
  return strstr (error->message, "Signature expired") != NULL
         || strstr (error->message, "Signature not yet current") != NULL;
}

static void
fetch_finish_ok (GTask *task)
{
  PvClient *self = g_task_get_source_object (task);
  Fetch *fetch = g_task_get_task_data (task);

  if (fetch->save_to_cache)
    {
      g_autoptr(GError) error = NULL;

      /* The result is complete and in memory: a failed cache write must not lose it. */
      if (!pv_client_save_to_cache (self, fetch->job_id, fetch->result, &error))
        g_message ("Could not cache job %s: %s", fetch->job_id, error->message);
    }

  g_debug ("Fetched job %s: %u pages, %u persons", fetch->job_id, fetch->pages, fetch->persons);
  g_task_return_pointer (task, g_object_ref (fetch->result), g_object_unref);
}

/* A string member of a page, or NULL when it is absent or null. json-glib's own getter is
 * critical about an object or array there, so @wrong_type says so instead. */
static const char *
page_string (JsonObject *page,
             const char *key,
             gboolean   *wrong_type)
{
  JsonNode *node = json_object_get_member (page, key);

  *wrong_type = FALSE;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return NULL;
  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    return json_node_get_string (node);
  *wrong_type = TRUE;
  return NULL;
}

static void
fetch_handle_page (GTask      *task,
                   JsonObject *page,
                   GArray     *detections)
{
  PvClient *self = g_task_get_source_object (task);
  Fetch *fetch = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  gboolean wrong_type;
  const char *status = page_string (page, "JobStatus", &wrong_type);
  const char *next;
  JsonNode *node;

  if (wrong_type)
    {
      fetch_fail (task, g_error_new (PV_CLIENT_ERROR, PV_CLIENT_ERROR_BAD_RESPONSE,
                                     _("Page %u of job %s has a JobStatus that is not a string"),
                                     fetch->pages + 1, fetch->job_id));
      return;
    }

  if (g_strcmp0 (status, "IN_PROGRESS") == 0)
    {
      guint64 delay = self->poll_initial_ms;

      fetch->polls++;
      if (self->max_polls > 0 && fetch->polls >= self->max_polls)
        {
          fetch_fail (task, g_error_new (PV_CLIENT_ERROR, PV_CLIENT_ERROR_TIMEOUT,
                                         _("The analysis of job %s is still running after %u "
                                           "checks; try again later"),
                                         fetch->job_id, fetch->polls));
          return;
        }
      for (guint i = 1; i < fetch->polls && delay < self->poll_max_ms; i++)
        delay = delay * 3 / 2;
      delay = MIN (delay, self->poll_max_ms);

      g_signal_emit (self, signals[ANALYSIS_RUNNING], 0, fetch->polls, (guint) delay);
      fetch->attempt = 0;
      fetch_wait_then_send (task, delay);
      return;
    }

  if (g_strcmp0 (status, "FAILED") == 0)
    {
      const char *message = page_string (page, "StatusMessage", &wrong_type);

      fetch_fail (task, g_error_new (PV_CLIENT_ERROR, PV_CLIENT_ERROR_JOB_FAILED,
                                     _("The analysis of job %s failed: %s"), fetch->job_id,
                                     message != NULL && message[0] != '\0'
                                     ? message : _("the service gave no reason")));
      return;
    }

  if (status != NULL && g_strcmp0 (status, "SUCCEEDED") != 0)
    {
      fetch_fail (task, g_error_new (PV_CLIENT_ERROR, PV_CLIENT_ERROR_BAD_RESPONSE,
                                     _("The endpoint gave job %s the unknown status “%s”"),
                                     fetch->job_id, status));
      return;
    }

  node = json_object_get_member (page, "NextToken");
  next = NULL;
  if (node != NULL && JSON_NODE_HOLDS_VALUE (node)
      && json_node_get_value_type (node) == G_TYPE_STRING)
    next = json_node_get_string (node);
  else if (node != NULL && !JSON_NODE_HOLDS_NULL (node))
    {
      fetch_fail (task, g_error_new (PV_CLIENT_ERROR, PV_CLIENT_ERROR_BAD_RESPONSE,
                                     _("Page %u of job %s has a NextToken that is not a string"),
                                     fetch->pages + 1, fetch->job_id));
      return;
    }

  if (!pv_result_add_page (fetch->result, page, fetch->pages + 1, &error))
    {
      fetch_fail (task, g_error_new (PV_CLIENT_ERROR, PV_CLIENT_ERROR_BAD_RESPONSE,
                                     _("Page %u of job %s is not usable: %s"),
                                     fetch->pages + 1, fetch->job_id, error->message));
      return;
    }

  if (detections != NULL)
    {
      /* The page itself was added without Persons; its detections follow, faces handed over. */
      for (guint i = 0; i < detections->len; i++)
        {
          PvDetection *detection = &g_array_index (detections, PvDetection, i);

          pv_result_add_detection (fetch->result, detection);
          detection->face = NULL;
        }
      fetch->persons += detections->len;
    }

  fetch->pages++;
  node = json_object_get_member (page, "Persons");
  if (node != NULL && JSON_NODE_HOLDS_ARRAY (node))
    fetch->persons += json_array_get_length (json_node_get_array (node));
  g_signal_emit (self, signals[PROGRESS], 0, fetch->pages, fetch->persons);

  if (next == NULL || next[0] == '\0')
    {
      g_clear_pointer (&fetch->token, g_free);
      fetch_finish_ok (task);
      return;
    }

  /* A token we already followed would loop forever. */
  if (!g_hash_table_add (fetch->seen_tokens, g_strdup (next)))
    {
      fetch_fail (task, g_error_new (PV_CLIENT_ERROR, PV_CLIENT_ERROR_REPEATED_TOKEN,
                                     _("The endpoint sent the same NextToken twice after %u pages "
                                       "of job %s; stopping instead of looping"),
                                     fetch->pages, fetch->job_id));
      return;
    }

  g_free (fetch->token);
  fetch->token = g_strdup (next);
  fetch->attempt = 0;
  fetch->skew_retried = FALSE;
  fetch_send (task);
}

static GError *
transport_error (PvClient     *self,
                 Fetch        *fetch,
                 GCancellable *user_cancellable,
                 GError       *error)
{
  if (g_cancellable_is_cancelled (user_cancellable))
    return g_error_new (PV_CLIENT_ERROR, PV_CLIENT_ERROR_CANCELLED,
                        _("The download was cancelled"));
  if (fetch->timed_out)
    return g_error_new (PV_CLIENT_ERROR, PV_CLIENT_ERROR_TIMEOUT,
                        _("The endpoint %s did not answer within %.1f s; check the network or "
                          "try again later"),
                        self->config->endpoint_url, self->timeout_ms / 1000.0);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_PARTIAL_INPUT))
    return g_error_new (PV_CLIENT_ERROR, PV_CLIENT_ERROR_BAD_RESPONSE,
                        _("The connection to %s was closed in the middle of an answer (%s)"),
                        self->config->endpoint_url, error->message);
  return g_error_new (PV_CLIENT_ERROR, PV_CLIENT_ERROR_NETWORK,
                      _("Could not talk to the endpoint %s: %s"),
                      self->config->endpoint_url, error->message);
}

/* The request got no whole answer: send it again if the cause may pass, else fail. */
static void
fetch_transport_failed (GTask        *task,
                        const GError *error)
{
  PvClient *self = g_task_get_source_object (task);
  Fetch *fetch = g_task_get_task_data (task);
  GCancellable *user_cancellable = g_task_get_cancellable (task);
  GError *reported = transport_error (self, fetch, user_cancellable, (GError *) error);
  gboolean transient = !g_cancellable_is_cancelled (user_cancellable)
                       && (fetch->timed_out || is_transient_transport_error (error));

  g_debug ("Transport error %s %d: %s%s", g_quark_to_string (error->domain), error->code,
           error->message, transient ? " (transient)" : "");
  fetch_clear_request (fetch, user_cancellable);
  if (transient && fetch->attempt < self->max_attempts)
    {
      guint delay = retry_delay_ms (self, fetch->attempt);

      g_debug ("Attempt %u of %u for page %u failed (%s); retrying in %u ms",
               fetch->attempt, self->max_attempts, fetch->pages + 1, reported->message, delay);
      g_error_free (reported);
      fetch_wait_then_send (task, delay);
      return;
    }
  if (transient && self->max_attempts > 1)
    g_prefix_error (&reported, _("Gave up after %u attempts: "), fetch->attempt);
  fetch_fail (task, reported);
}

static void
on_response (GObject      *source,
             GAsyncResult *async_result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  PvClient *self = g_task_get_source_object (task);
  Fetch *fetch = g_task_get_task_data (task);
  SoupMessage *message = g_object_get_data (G_OBJECT (task), "message");
  g_autoptr(SoupMessage) message_ref = g_object_ref (message);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(JsonObject) page = NULL;
  g_autoptr(GArray) detections = NULL;
  g_autofree char *type = NULL;
  g_autofree char *unused_message = NULL;
  SoupMessageHeaders *headers;
  guint status;

  body = soup_session_send_and_read_finish (SOUP_SESSION (source), async_result, &error);
  g_object_set_data (G_OBJECT (task), "message", NULL);

  /* libsoup may hand over a body shorter than its Content-Length when the connection closed
   * early; that is the same cut connection as PARTIAL_INPUT, not a bad answer. */
  if (body != NULL
      && soup_message_headers_get_encoding (soup_message_get_response_headers (message))
         == SOUP_ENCODING_CONTENT_LENGTH
      && (goffset) g_bytes_get_size (body)
         < soup_message_headers_get_content_length (soup_message_get_response_headers (message)))
    {
      g_set_error (&error, G_IO_ERROR, G_IO_ERROR_PARTIAL_INPUT,
                   _("received %lu of %lu bytes"), (gulong) g_bytes_get_size (body),
                   (gulong) soup_message_headers_get_content_length (
                     soup_message_get_response_headers (message)));
      g_clear_pointer (&body, g_bytes_unref);
    }

  if (body == NULL)
    {
      fetch_transport_failed (task, error);
      return;
    }
  fetch_clear_request (fetch, g_task_get_cancellable (task));

  status = soup_message_get_status (message);
  headers = soup_message_get_response_headers (message);
  page = pv_client_parse_response (status, headers, body, &detections, &error);

  if (page != NULL)
    {
      fetch_handle_page (task, page, detections);
      return;
    }

  pv_client_parse_error (headers, body, &type, &unused_message);

  /* Clock skew: learn the offset from the server's Date and sign again, once. */
  if (is_clock_skew (error, type) && !fetch->skew_retried)
    {
      const char *date = soup_message_headers_get_one (headers, "Date");
      g_autoptr(GDateTime) server_time = date ? soup_date_time_new_from_http_string (date) : NULL;

      if (server_time != NULL)
        {
          gint64 local = g_get_real_time () / G_USEC_PER_SEC + self->clock_offset_s;

          fetch->skew_s = g_date_time_to_unix (server_time) - local;
          fetch->skew_retried = TRUE;
          g_debug ("Clock skew of %" G_GINT64_FORMAT " s; signing again", fetch->skew_s);
          fetch_send (task);
          return;
        }
    }

  if (is_retryable (error, status) && fetch->attempt < self->max_attempts)
    {
      guint delay = retry_delay_ms (self, fetch->attempt);

      g_debug ("Attempt %u of %u for page %u failed (%s); retrying in %u ms",
               fetch->attempt, self->max_attempts, fetch->pages + 1, error->message, delay);
      fetch_wait_then_send (task, delay);
      return;
    }

  if (is_retryable (error, status) && self->max_attempts > 1)
    g_prefix_error (&error, _("Gave up after %u attempts: "), fetch->attempt);

  fetch_fail (task, g_steal_pointer (&error));
}

static void
fetch_send (GTask *task)
{
  PvClient *self = g_task_get_source_object (task);
  Fetch *fetch = g_task_get_task_data (task);
  GCancellable *cancellable = g_task_get_cancellable (task);
  g_autoptr(SoupMessage) message = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GDateTime) now = NULL;
  g_autofree char *amz_date = NULL;
  g_autofree char *authorization = NULL;
  PvSigv4Header headers[5];
  SoupMessageHeaders *request_headers;
  guint n_headers = 0;
  const guint8 *data;
  gsize size;

  if (g_cancellable_is_cancelled (cancellable))
    {
      fetch_fail (task, g_error_new (PV_CLIENT_ERROR, PV_CLIENT_ERROR_CANCELLED,
                                     _("The download was cancelled")));
      return;
    }

  fetch->attempt++;
  fetch->timed_out = FALSE;

  body = fetch_build_body (fetch);
  data = g_bytes_get_data (body, &size);

  now = g_date_time_new_from_unix_utc (g_get_real_time () / G_USEC_PER_SEC
                                       + self->clock_offset_s + fetch->skew_s);
  amz_date = pv_sigv4_format_amz_date (now);

  headers[n_headers++] = (PvSigv4Header) { "Content-Type", CONTENT_TYPE };
  headers[n_headers++] = (PvSigv4Header) { "Host", self->host_header };
  headers[n_headers++] = (PvSigv4Header) { "X-Amz-Date", amz_date };
  headers[n_headers++] = (PvSigv4Header) { "X-Amz-Target", TARGET };
  if (self->config->session_token != NULL)
    headers[n_headers++] = (PvSigv4Header) { "X-Amz-Security-Token",
                                             self->config->session_token };

  authorization = pv_sigv4_authorization (self->config->access_key_id,
                                          self->config->secret_access_key,
                                          self->config->region, SERVICE, amz_date,
                                          "POST", g_uri_get_path (self->uri), "",
                                          headers, n_headers, data, size);

  message = soup_message_new_from_uri ("POST", self->uri);
  request_headers = soup_message_get_request_headers (message);
  for (guint i = 0; i < n_headers; i++)
    if (!g_str_equal (headers[i].name, "Content-Type"))
      soup_message_headers_replace (request_headers, headers[i].name, headers[i].value);
  soup_message_headers_replace (request_headers, "Authorization", authorization);
  soup_message_set_request_body_from_bytes (message, CONTENT_TYPE, body);

  fetch->request_cancellable = g_cancellable_new ();
  if (cancellable != NULL)
    fetch->cancel_handler = g_cancellable_connect (cancellable, G_CALLBACK (on_user_cancelled),
                                                   fetch->request_cancellable, NULL);

  fetch->timeout_source = g_timeout_source_new (self->timeout_ms);
  g_source_set_callback (fetch->timeout_source, on_request_timeout, task, NULL);
  g_source_attach (fetch->timeout_source, g_task_get_context (task));

  g_object_set_data_full (G_OBJECT (task), "message", g_object_ref (message), g_object_unref);
  soup_session_send_and_read_async (self->session, message, G_PRIORITY_DEFAULT,
                                    fetch->request_cancellable, on_response,
                                    g_object_ref (task));
}

void
pv_client_get_person_tracking_async (PvClient             *self,
                                     const char           *job_id,
                                     const PvFetchOptions *options,
                                     GCancellable         *cancellable,
                                     GAsyncReadyCallback   callback,
                                     gpointer              user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  Fetch *fetch;

  g_return_if_fail (PV_IS_CLIENT (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, pv_client_get_person_tracking_async);
  /* Cancellation is reported as PV_CLIENT_ERROR_CANCELLED, and the partial result stays. */
  g_task_set_check_cancellable (task, FALSE);

  fetch = g_new0 (Fetch, 1);
  fetch->job_id = g_strdup (job_id);
  fetch->seen_tokens = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  if (options != NULL)
    {
      fetch->max_results = options->max_results;
      fetch->sort_by = g_strdup (options->sort_by);
      fetch->save_to_cache = options->save_to_cache;
      if (options->resume_token != NULL && options->resume_token[0] != '\0')
        {
          fetch->token = g_strdup (options->resume_token);
          g_hash_table_add (fetch->seen_tokens, g_strdup (options->resume_token));
        }
      if (options->resume_result != NULL)
        {
          fetch->result = g_object_ref (options->resume_result);
          fetch->pages = options->resume_page_number;
        }
    }
  if (fetch->result == NULL)
    fetch->result = pv_result_new ();
  g_task_set_task_data (task, fetch, (GDestroyNotify) fetch_free);

  /* Checked before anything goes on the wire. */
  if (!pv_client_validate_job_id (job_id, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  fetch_send (task);
}

PvResult *
pv_client_get_person_tracking_finish (PvClient      *self,
                                      GAsyncResult  *result,
                                      GError       **error)
{
  g_return_val_if_fail (PV_IS_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result))
                        == pv_client_get_person_tracking_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

PvResult *
pv_client_get_partial_result (PvClient     *self,
                              GAsyncResult *result)
{
  Fetch *fetch;

  g_return_val_if_fail (PV_IS_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  fetch = g_task_get_task_data (G_TASK (result));
  if (fetch == NULL || fetch->result == NULL || fetch->pages == 0)
    return NULL;

  return g_object_ref (fetch->result);
}

const char *
pv_client_get_resume_token (PvClient     *self,
                            GAsyncResult *result)
{
  Fetch *fetch;

  g_return_val_if_fail (PV_IS_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  fetch = g_task_get_task_data (G_TASK (result));
  return fetch != NULL ? fetch->token : NULL;
}

guint
pv_client_get_pages_fetched (PvClient     *self,
                             GAsyncResult *result)
{
  Fetch *fetch;

  g_return_val_if_fail (PV_IS_CLIENT (self), 0);
  g_return_val_if_fail (g_task_is_valid (result, self), 0);

  fetch = g_task_get_task_data (G_TASK (result));
  return fetch != NULL ? fetch->pages : 0;
}

/* Caching */

char *
pv_client_cache_path (const char *endpoint_url,
                      const char *job_id)
{
  g_autofree char *digest = NULL;
  g_autofree char *name = NULL;

  g_return_val_if_fail (endpoint_url != NULL, NULL);
  g_return_val_if_fail (pv_client_validate_job_id (job_id, NULL), NULL);

  /* The same JobId on two endpoints is two different jobs; the digest keeps the name safe. */
  digest = g_compute_checksum_for_string (G_CHECKSUM_SHA256, endpoint_url, -1);
  digest[16] = '\0';
  name = g_strdup_printf ("%s-%s.json", job_id, digest);

  return g_build_filename (g_get_user_cache_dir (), "pathview", name, NULL);
}

gboolean
pv_client_save_to_cache (PvClient    *self,
                         const char  *job_id,
                         PvResult    *result,
                         GError     **error)
{
  g_autofree char *path = NULL;
  g_autofree char *dir = NULL;
  g_autoptr(GFile) file = NULL;

  g_return_val_if_fail (PV_IS_CLIENT (self), FALSE);
  g_return_val_if_fail (result != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!pv_client_validate_job_id (job_id, error))
    return FALSE;

  path = pv_client_cache_path (self->config->endpoint_url, job_id);
  dir = g_path_get_dirname (path);
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved_errno),
                   _("Could not create the cache folder “%s”: %s"), dir,
                   g_strerror (saved_errno));
      return FALSE;
    }

  file = g_file_new_for_path (path);
  return pv_result_save (result, file, error);
}
