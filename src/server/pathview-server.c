/* pathview-server.c
 *
 * Copyright 2026 The Pathview authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* pathview-server: a loopback endpoint that speaks Rekognition's GetPersonTracking (AWS JSON 1.1,
 * SigV4) for stored jobs. This file is only the libsoup glue and the command line; requests are
 * answered by PvService (pv-service.c), which knows nothing of libsoup. */

#define G_LOG_DOMAIN "pathview-server"

#include "config.h"

#include <errno.h>
#include <glib-unix.h>
#include <glib/gstdio.h>
#include <libsoup/soup.h>
#include <stdlib.h>
#include <string.h>

#include "pv-credentials-file.h"
#include "pv-service.h"

#ifdef PV_HAVE_ANALYZER
# include "pv-analyze-command.h"
# include "pv-job-queue.h"
#endif

typedef struct {
  PvService  *service;
  GMainLoop  *loop;
  gboolean    verbose;
} Server;

typedef struct {
  Server            *server;
  SoupServerMessage *msg;
  PvServiceResponse  response;
} PendingResponse;

static void
pending_response_free (PendingResponse *pending)
{
  pv_service_response_clear (&pending->response);
  g_object_unref (pending->msg);
  g_free (pending);
}

static const char *
status_line_reason (guint status)
{
  const char *reason = soup_status_get_phrase (status);

  return reason != NULL ? reason : "Unknown";
}

/* --fault-drop-mid-body: take the socket from libsoup and write the response by hand, promising
 * the whole body in Content-Length but closing after half of it, as a dying connection would. */
static void
send_truncated (SoupServerMessage       *msg,
                const PvServiceResponse *response)
{
  g_autoptr(GIOStream) stream = soup_server_message_steal_connection (msg);
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) head = g_string_new ("");
  gsize body_len = 0;
  const guint8 *body = g_bytes_get_data (response->body, &body_len);
  GOutputStream *out;

  if (stream == NULL)
    return;
  out = g_io_stream_get_output_stream (stream);

  g_string_append_printf (head, "HTTP/1.1 %u %s\r\n", response->status,
                          status_line_reason (response->status));
  g_string_append (head, "Content-Type: application/x-amz-json-1.1\r\n");
  g_string_append_printf (head, "Content-Length: %" G_GSIZE_FORMAT "\r\n", body_len);
  for (guint i = 0; i + 1 < response->headers->len; i += 2)
    g_string_append_printf (head, "%s: %s\r\n", (char *) g_ptr_array_index (response->headers, i),
                            (char *) g_ptr_array_index (response->headers, i + 1));
  g_string_append (head, "Connection: close\r\n\r\n");

  if (!g_output_stream_write_all (out, head->str, head->len, NULL, NULL, &error) ||
      !g_output_stream_write_all (out, body, body_len / 2, NULL, NULL, &error) ||
      !g_output_stream_flush (out, NULL, &error))
    g_debug ("truncated response not fully written: %s", error->message);
  g_io_stream_close (stream, NULL, NULL);
}

static void
apply_response (Server                  *server,
                SoupServerMessage       *msg,
                const PvServiceResponse *response)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);

  if (server->verbose)
    g_printerr ("pathview-server: %s %s -> %u%s\n", soup_server_message_get_method (msg),
                g_uri_get_path (soup_server_message_get_uri (msg)), response->status,
                response->drop_mid_body ? " (dropped mid-body)" : "");

  if (response->drop_mid_body)
    {
      send_truncated (msg, response);
      return;
    }

  soup_server_message_set_status (msg, response->status, NULL);
  for (guint i = 0; i + 1 < response->headers->len; i += 2)
    soup_message_headers_replace (headers, g_ptr_array_index (response->headers, i),
                                  g_ptr_array_index (response->headers, i + 1));
  soup_message_headers_replace (headers, "Content-Type", "application/x-amz-json-1.1");
  /* libsoup refuses empty chunks (header-only error style) with a critical. */
  if (response->body != NULL && g_bytes_get_size (response->body) > 0)
    soup_message_body_append_bytes (soup_server_message_get_response_body (msg), response->body);
}

static gboolean
on_delay_done (gpointer user_data)
{
  PendingResponse *pending = user_data;

  apply_response (pending->server, pending->msg, &pending->response);
  if (!pending->response.drop_mid_body)
    soup_server_message_unpause (pending->msg);
  pending_response_free (pending);

  return G_SOURCE_REMOVE;
}

static void
handle_request (SoupServer        *soup_server,
                SoupServerMessage *msg,
                const char        *path,
                GHashTable        *query,
                gpointer           user_data)
{
  Server *server = user_data;
  g_autoptr(GArray) headers = g_array_new (FALSE, FALSE, sizeof (PvSigv4Header));
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  SoupMessageHeadersIter iter;
  PvServiceRequest request = { 0 };
  PendingResponse *pending;
  GUri *uri = soup_server_message_get_uri (msg);
  const char *name, *value;
  gsize body_len;

  soup_message_headers_iter_init (&iter, soup_server_message_get_request_headers (msg));
  while (soup_message_headers_iter_next (&iter, &name, &value))
    {
      PvSigv4Header h = { name, value };

      g_array_append_val (headers, h);
    }

  body = soup_message_body_flatten (soup_server_message_get_request_body (msg));

  request.method = soup_server_message_get_method (msg);
  request.path = g_uri_get_path (uri);
  request.query = g_uri_get_query (uri);
  request.headers = (const PvSigv4Header *) (gpointer) headers->data;
  request.n_headers = headers->len;
  request.body = g_bytes_get_data (body, &body_len);
  request.body_len = body_len;
  request.now = now;

  pending = g_new0 (PendingResponse, 1);
  pending->server = server;
  pending->msg = g_object_ref (msg);
  pv_service_response_init (&pending->response);
  pv_service_handle (server->service, &request, &pending->response);

  if (pending->response.delay_ms > 0)
    {
      soup_server_message_pause (msg);
      g_timeout_add (pending->response.delay_ms, on_delay_done, pending);
      return;
    }

  apply_response (server, msg, &pending->response);
  pending_response_free (pending);
}

/* Bodies are read whole before the handler runs, so their size is capped here, from the headers,
 * before libsoup reads them. */
static void
handle_early (SoupServer        *soup_server,
              SoupServerMessage *msg,
              const char        *path,
              GHashTable        *query,
              gpointer           user_data)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  g_autofree char *body = NULL;
  guint status = 0;

  if (soup_message_headers_get_encoding (headers) == SOUP_ENCODING_CHUNKED)
    {
      status = SOUP_STATUS_LENGTH_REQUIRED;
      body = g_strdup ("{\"__type\":\"SerializationException\",\"Message\":"
                       "\"Requests must carry Content-Length\"}");
    }
  else if (soup_message_headers_get_encoding (headers) == SOUP_ENCODING_CONTENT_LENGTH &&
           soup_message_headers_get_content_length (headers) > PV_SERVICE_MAX_BODY)
    {
      status = SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE;
      body = g_strdup_printf ("{\"__type\":\"SerializationException\",\"Message\":"
                              "\"The request body of %" G_GOFFSET_FORMAT " bytes is larger than "
                              "the limit of %d bytes\"}",
                              soup_message_headers_get_content_length (headers),
                              PV_SERVICE_MAX_BODY);
    }

  if (status == 0)
    return;

  soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                "X-Amzn-ErrorType", "SerializationException");
  soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                "Connection", "close");
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, "application/x-amz-json-1.1", SOUP_MEMORY_COPY,
                                    body, strlen (body));
}

#ifdef PV_HAVE_ANALYZER
/* StartPersonTracking: the job queue checks the request and runs the analysis; the result lands
 * in the jobs folder, where GetPersonTracking finds it. */
static void
start_person_tracking (PvService         *service,
                       guint              request_number,
                       JsonObject        *input,
                       PvServiceResponse *response,
                       gpointer           user_data)
{
  PvJobQueue *queue = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *job_id = pv_job_queue_start (queue, input, &error);
  GString *out;

  if (job_id == NULL)
    {
      pv_service_set_error (service, response, pv_job_queue_error_type (error), "%s",
                            error->message);
      return;
    }
  out = g_string_new ("{\"JobId\":\"");
  /* JobIds are [a-zA-Z0-9-_]: nothing to escape. */
  g_string_append (out, job_id);
  g_string_append (out, "\"}");
  pv_service_set_json (response, out);
}
#endif

static gboolean
on_quit_signal (gpointer user_data)
{
  Server *server = user_data;

  g_main_loop_quit (server->loop);
  return G_SOURCE_CONTINUE;
}

static gboolean
parse_rate (const char  *name,
            const char  *text,
            double      *out,
            GError     **error)
{
  char *end = NULL;
  double v;

  if (text == NULL)
    return TRUE;
  v = g_ascii_strtod (text, &end);
  if (end == text || *end != '\0' || !(v >= 0.0 && v <= 1.0))
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   "%s '%s' is not a probability between 0 and 1", name, text);
      return FALSE;
    }
  *out = v;
  return TRUE;
}

static gboolean
parse_request_numbers (const char  *name,
                       const char  *text,
                       GArray     **out,
                       GError     **error)
{
  if (text == NULL)
    return TRUE;
  if (!pv_service_parse_request_numbers (text, out, error))
    {
      g_prefix_error (error, "%s: ", name);
      return FALSE;
    }
  return TRUE;
}

static gboolean
parse_error_style (const char           *text,
                   PvServiceErrorStyle  *out,
                   GError              **error)
{
  static const char *names[] = { "plain", "namespace", "suffix", "lowercase", "header-only" };

  if (text == NULL)
    return TRUE;
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (strcmp (text, names[i]) == 0)
      {
        *out = (PvServiceErrorStyle) i;
        return TRUE;
      }
  g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
               "--fault-error-style '%s' is not one of plain, namespace, suffix, lowercase, "
               "header-only", text);
  return FALSE;
}

static void
preload_jobs (PvJobStore *store,
              const char *jobs_dir)
{
  g_autoptr(GDir) dir = g_dir_open (jobs_dir, 0, NULL);
  const char *name;

  if (dir == NULL)
    return;

  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *job_id = NULL;
      g_autoptr(GError) error = NULL;
      g_autoptr(PvJob) job = NULL;

      if (!g_str_has_suffix (name, ".json"))
        continue;
      job_id = g_strndup (name, strlen (name) - strlen (".json"));
      job = pv_job_store_lookup (store, job_id, &error);
      if (job == NULL)
        g_printerr ("pathview-server: %s\n", error->message);
      else
        g_printerr ("pathview-server: loaded job %s (%u detections)\n", job_id,
                    job->n_detections);
    }
}

static gboolean
address_is_loopback (GInetAddress *address)
{
  return g_inet_address_get_is_loopback (address);
}

/* The pagination token key lives in $XDG_STATE_HOME/pathview-server/token-key (0600), so that
 * a client whose fetch was cut by a restart can resume from its NextToken, as it can with AWS.
 * When it cannot be kept, the random key of this run is used and tokens die with the process. */
static void
load_token_key (PvService *service)
{
  g_autofree char *dir = g_build_filename (g_get_user_state_dir (), "pathview-server", NULL);
  g_autofree char *path = g_build_filename (dir, "token-key", NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  guint8 key[32];
  gsize len = 0;
  GStatBuf st;

  if (g_file_get_contents (path, &contents, &len, NULL))
    {
      /* Anyone who can read the key can forge tokens: only a private one is trusted. */
      if (len == sizeof key && g_stat (path, &st) == 0 && (st.st_mode & 0077) == 0)
        {
          pv_service_set_token_key (service, (const guint8 *) contents);
          memset (contents, 0, len);
          return;
        }
      memset (contents, 0, len);
      g_printerr ("pathview-server: ignoring %s (not 32 bytes, or readable by others); "
                  "making a new one\n", path);
    }

  for (guint i = 0; i < sizeof key; i += 4)
    {
      guint32 r = g_random_int ();

      memcpy (key + i, &r, 4);
    }
  {
    FILE *urandom = fopen ("/dev/urandom", "rb");

    if (urandom != NULL)
      {
        if (fread (key, 1, sizeof key, urandom) != sizeof key)
          g_debug ("short read from /dev/urandom; keeping GRand's key");
        fclose (urandom);
      }
  }

  /* Written whole (temporary file, then rename) with mode 0600, so a crash never leaves half a
   * key that a later start would trust. */
  if (g_mkdir_with_parents (dir, 0700) != 0
      || !g_file_set_contents_full (path, (const char *) key, sizeof key,
                                    G_FILE_SET_CONTENTS_CONSISTENT, 0600, &error))
    g_printerr ("pathview-server: could not keep the pagination token key in %s (%s): "
                "NextTokens will not survive a restart\n", path,
                error != NULL ? error->message : g_strerror (errno));
  pv_service_set_token_key (service, key);
  memset (key, 0, sizeof key);
}

static guint
listening_port (SoupServer *soup_server)
{
  GSList *listeners = soup_server_get_listeners (soup_server);
  guint port = 0;

  for (GSList *l = listeners; l != NULL && port == 0; l = l->next)
    {
      g_autoptr(GSocketAddress) address = g_socket_get_local_address (l->data, NULL);

      if (G_IS_INET_SOCKET_ADDRESS (address))
        port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (address));
    }
  g_slist_free (listeners);

  return port;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SoupServer) soup_server = NULL;
  g_autoptr(GInetAddress) inet = NULL;
  g_autoptr(GSocketAddress) address = NULL;
  g_autoptr(GHashTable) credentials = NULL;
  g_autoptr(GMainLoop) loop = NULL;
#ifdef PV_HAVE_ANALYZER
  g_autoptr(PvJobQueue) queue = NULL;
#endif
  g_auto(GStrv) buckets = NULL;
  int workers = 0;
  g_autofree char *jobs_dir = NULL;
  g_autofree char *credentials_path = NULL;
  g_autofree char *port_file = NULL;
  g_autofree char *listen = NULL;
  g_autofree char *throttle_rate = NULL;
  g_autofree char *throttle_requests = NULL;
  g_autofree char *error_500_rate = NULL;
  g_autofree char *drop_mid_body = NULL;
  g_autofree char *failed = NULL;
  g_autofree char *error_spec = NULL;
  g_autofree char *empty_pages = NULL;
  g_autofree char *error_style = NULL;
  int port = 0;
  int latency_ms = 0;
  int in_progress = 0;
  int seed = 1;
  gboolean repeat_token = FALSE;
  gboolean verbose = FALSE;
  gboolean preload = FALSE;
  PvServiceFaults faults = { 0 };
  Server server = { 0 };
  guint bound_port;
  int status = EXIT_SUCCESS;
  const GOptionEntry entries[] = {
    { "port", 0, 0, G_OPTION_ARG_INT, &port, "TCP port (0 = any free port)", "N" },
    { "port-file", 0, 0, G_OPTION_ARG_FILENAME, &port_file,
      "Write the port to FILE once listening", "FILE" },
    { "jobs", 0, 0, G_OPTION_ARG_FILENAME, &jobs_dir, "Serve DIR/<JobId>.json", "DIR" },
    { "credentials", 0, 0, G_OPTION_ARG_FILENAME, &credentials_path,
      "AWS shared-credentials file of the keys to accept", "FILE" },
    { "listen", 0, 0, G_OPTION_ARG_STRING, &listen, "Address to bind (default 127.0.0.1)",
      "ADDR" },
    { "verbose", 'v', 0, G_OPTION_ARG_NONE, &verbose, "Log each request", NULL },
    { "preload", 0, 0, G_OPTION_ARG_NONE, &preload,
      "Load every job before listening, so no request waits for a big job to load", NULL },
    { "bucket", 0, 0, G_OPTION_ARG_STRING_ARRAY, &buckets,
      "Map S3 bucket NAME to folder DIR for StartPersonTracking (repeatable)", "NAME=DIR" },
    { "workers", 0, 0, G_OPTION_ARG_INT, &workers,
      "Jobs analysed at once (default: number of cores)", "N" },
    { "fault-seed", 0, 0, G_OPTION_ARG_INT, &seed, "Seed for the fault rates (default 1)", "N" },
    { "fault-throttle-rate", 0, 0, G_OPTION_ARG_STRING, &throttle_rate,
      "Answer this share of requests with ThrottlingException", "P" },
    { "fault-throttle-requests", 0, 0, G_OPTION_ARG_STRING, &throttle_requests,
      "Answer these requests with ThrottlingException", "N,N,..." },
    { "fault-500-rate", 0, 0, G_OPTION_ARG_STRING, &error_500_rate,
      "Answer this share of requests with InternalServerError", "P" },
    { "fault-latency-ms", 0, 0, G_OPTION_ARG_INT, &latency_ms, "Delay every response", "MS" },
    { "fault-drop-mid-body", 0, 0, G_OPTION_ARG_STRING, &drop_mid_body,
      "For these requests send half the body, then close", "N,N,..." },
    { "fault-repeat-token", 0, 0, G_OPTION_ARG_NONE, &repeat_token,
      "Answer a NextToken with the same NextToken", NULL },
    { "fault-in-progress", 0, 0, G_OPTION_ARG_INT, &in_progress,
      "The first N GetPersonTracking calls say IN_PROGRESS", "N" },
    { "fault-failed", 0, 0, G_OPTION_ARG_STRING, &failed,
      "Every GetPersonTracking call says FAILED with this StatusMessage", "MSG" },
    { "fault-error", 0, 0, G_OPTION_ARG_STRING, &error_spec,
      "Answer the first COUNT calls (default all) with this AWS error type", "TYPE[:COUNT]" },
    { "fault-empty-page", 0, 0, G_OPTION_ARG_STRING, &empty_pages,
      "For these requests send no Persons but a NextToken", "N,N,..." },
    { "fault-error-style", 0, 0, G_OPTION_ARG_STRING, &error_style,
      "Spell error types plain, namespace, suffix, lowercase or header-only", "STYLE" },
    { NULL }
  };

  /* The analysis without HTTP has its own options. */
  if (argc >= 2 && strcmp (argv[1], "analyze") == 0)
    {
#ifdef PV_HAVE_ANALYZER
      return pv_analyze_command_run (argc - 1, argv + 1);
#else
      g_printerr ("pathview-server: built without the analyzer (it needs OpenCV)\n");
      return EXIT_FAILURE;
#endif
    }

  context = g_option_context_new ("- a local Rekognition GetPersonTracking endpoint\n\n"
                                  "  pathview-server analyze VIDEO --output FILE: "
                                  "analyse one video without HTTP (see analyze --help)");
  g_option_context_add_main_entries (context, entries, NULL);
  g_option_context_set_description (context,
    "Serves DIR/<JobId>.json (a merged result: Persons, optional VideoMetadata, JobStatus,\n"
    "StatusMessage; other keys are ignored) as RekognitionService.GetPersonTracking over the\n"
    "AWS JSON 1.1 protocol, with SigV4 checked against the credentials file.\n"
    "\n"
    "Faults, for tests. Request numbers count every request received, from 1, including\n"
    "rejected ones. Injected errors (--fault-error, throttling, 500s) are decided after the\n"
    "signature is verified, so a retry must be signed correctly. --fault-error takes any\n"
    "type (AccessDeniedException, InternalServerError, InvalidParameterException,\n"
    "InvalidPaginationTokenException, ProvisionedThroughputExceededException,\n"
    "ResourceNotFoundException, ThrottlingException, ...); InternalServerError and\n"
    "ThrottlingException are HTTP 500, the others 400. The rates draw from a generator\n"
    "seeded with --fault-seed, so a run repeats exactly.\n");
  if (!g_option_context_parse (context, &argc, &argv, &error))
    goto fail;

  if (jobs_dir == NULL || credentials_path == NULL)
    {
      g_set_error (&error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED,
                   "--jobs DIR and --credentials FILE are required");
      goto fail;
    }
  /* Jobs are looked up per request, so a folder that appears later (a job being analysed) works. */
  if (!g_file_test (jobs_dir, G_FILE_TEST_IS_DIR))
    g_printerr ("pathview-server: --jobs %s is not a folder (yet): every JobId is unknown\n",
                jobs_dir);
  if (port < 0 || port > 65535 || latency_ms < 0 || in_progress < 0 || workers < 0)
    {
      g_set_error (&error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   "--port must be 0..65535; --workers, --fault-latency-ms and "
                   "--fault-in-progress >= 0");
      goto fail;
    }

  if (!parse_rate ("--fault-throttle-rate", throttle_rate, &faults.throttle_rate, &error) ||
      !parse_rate ("--fault-500-rate", error_500_rate, &faults.error_500_rate, &error) ||
      !parse_error_style (error_style, &faults.error_style, &error) ||
      !parse_request_numbers ("--fault-throttle-requests", throttle_requests,
                              &faults.throttle_requests, &error) ||
      !parse_request_numbers ("--fault-drop-mid-body", drop_mid_body, &faults.drop_mid_body,
                              &error) ||
      !parse_request_numbers ("--fault-empty-page", empty_pages, &faults.empty_pages, &error))
    goto fail;

  if (error_spec != NULL)
    {
      char *colon = strchr (error_spec, ':');
      guint64 count = 0;

      if (colon != NULL)
        {
          *colon = '\0';
          if (!g_ascii_string_to_unsigned (colon + 1, 10, 1, G_MAXUINT, &count, NULL))
            {
              g_set_error (&error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                           "--fault-error COUNT '%s' is not a number >= 1", colon + 1);
              goto fail;
            }
        }
      if (error_spec[0] == '\0')
        {
          g_set_error (&error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                       "--fault-error needs an error type, such as ThrottlingException");
          goto fail;
        }
      faults.error_type = error_spec;
      faults.error_count = (guint) count;
    }
  faults.latency_ms = (guint) latency_ms;
  faults.in_progress = (guint) in_progress;
  faults.repeat_token = repeat_token;
  faults.failed_message = failed;
  faults.seed = (guint32) seed;

  credentials = pv_credentials_file_load (credentials_path, &error);
  if (credentials == NULL)
    goto fail;

  inet = g_inet_address_new_from_string (listen != NULL ? listen : "127.0.0.1");
  if (inet == NULL)
    {
      g_set_error (&error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "--listen '%s' is not an IP address", listen);
      goto fail;
    }
  if (!address_is_loopback (inet))
    g_printerr ("\n"
                "pathview-server: WARNING: listening on %s, which is NOT a loopback address.\n"
                "pathview-server: WARNING: anyone who can reach it and knows a key in %s can\n"
                "pathview-server: WARNING: read every job in %s, over plain HTTP.\n\n",
                listen, credentials_path, jobs_dir);

  server.verbose = verbose;
  server.service = pv_service_new (pv_job_store_new (jobs_dir), g_steal_pointer (&credentials),
                                   &faults);
  load_token_key (server.service);
  if (preload)
    preload_jobs (pv_service_get_job_store (server.service), jobs_dir);
  loop = g_main_loop_new (NULL, FALSE);
  server.loop = loop;

#ifdef PV_HAVE_ANALYZER
  queue = pv_job_queue_new (jobs_dir, (guint) workers, &error);
  if (queue == NULL)
    goto fail_service;
  for (guint i = 0; buckets != NULL && buckets[i] != NULL; i++)
    if (!pv_job_queue_add_bucket (queue, buckets[i], &error))
      goto fail_service;
  pv_job_queue_resume (queue);
  pv_service_add_operation (server.service, "RekognitionService.StartPersonTracking",
                            start_person_tracking, queue);
#else
  if (buckets != NULL)
    {
      g_set_error (&error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   "--bucket needs the analyzer, and this pathview-server is built without it");
      goto fail_service;
    }
#endif

  soup_server = soup_server_new ("server-header", "pathview-server/" PACKAGE_VERSION, NULL);
  soup_server_add_early_handler (soup_server, NULL, handle_early, &server, NULL);
  soup_server_add_handler (soup_server, NULL, handle_request, &server, NULL);

  /* Before the port file appears: whoever reads it may stop us at once, and must get a clean
   * exit (sanitizer reports included), not death by the default SIGTERM action. */
  g_unix_signal_add (SIGINT, on_quit_signal, &server);
  g_unix_signal_add (SIGTERM, on_quit_signal, &server);

  address = g_inet_socket_address_new (inet, (guint16) port);
  if (!soup_server_listen (soup_server, address, 0, &error))
    goto fail_service;

  bound_port = listening_port (soup_server);
  if (port_file != NULL)
    {
      g_autofree char *text = g_strdup_printf ("%u\n", bound_port);

      if (!g_file_set_contents (port_file, text, -1, &error))
        goto fail_service;
    }
  g_printerr ("pathview-server: serving %s on http://%s:%u/\n", jobs_dir,
              listen != NULL ? listen : "127.0.0.1", bound_port);

  g_main_loop_run (loop);

  soup_server_disconnect (soup_server);
#ifdef PV_HAVE_ANALYZER
  /* Running jobs are cancelled and stay IN_PROGRESS on disk: the next start runs them again. */
  pv_job_queue_shutdown (queue);
#endif
  goto out;

fail_service:
  status = EXIT_FAILURE;
  g_printerr ("pathview-server: %s\n", error->message);
out:
  g_clear_pointer (&faults.throttle_requests, g_array_unref);
  g_clear_pointer (&faults.drop_mid_body, g_array_unref);
  g_clear_pointer (&faults.empty_pages, g_array_unref);
  g_clear_pointer (&server.service, pv_service_free);
  return status;

fail:
  g_printerr ("pathview-server: %s\n", error->message);
  g_clear_pointer (&faults.throttle_requests, g_array_unref);
  g_clear_pointer (&faults.drop_mid_body, g_array_unref);
  g_clear_pointer (&faults.empty_pages, g_array_unref);
  return EXIT_FAILURE;
}
