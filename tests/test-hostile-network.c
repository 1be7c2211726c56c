/* test-hostile-network.c: PvClient against endpoints that misbehave on purpose
 *
 * Copyright 2026 The Pathview authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Part of the bad-input catalogue (tests/BAD-INPUTS.md): a throttling storm, a server killed in
 * the middle of a fetch and started again, TLS that must fail (a self-signed certificate, a
 * server that does not speak TLS at all), and plain http to a host that is not loopback. Each
 * job is written by the test, which computes what it expects (count and an order-independent
 * checksum of every detection) from what it wrote. */

#include "config.h"

#include <math.h>
#include <string.h>
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <libsoup/soup.h>

#include "pv-aws-config.h"
#include "pv-client.h"
#include "pv-result.h"
#include "pv-test-server.h"

typedef struct
{
  GSubprocess *process;
  char        *url;
  char        *log_path;
} Server;

typedef struct
{
  GAsyncResult *async_result;
  PvResult     *result;
  GError       *error;
  guint         pages;
  guint         kill_after_pages;
  Server       *kill;
} Fetch;

static char *tmpdir;
static char *jobs_dir;
static char *credentials;
static char *state_home;

/* n detections, values exact in float32 and in decimal, several people per Timestamp */
static PvTestExpected
write_job (const char *job_id,
           guint       n)
{
  g_autoptr(GString) json = g_string_new ("{\"JobStatus\":\"SUCCEEDED\",\"Persons\":[");
  g_autofree char *name = g_strdup_printf ("%s.json", job_id);
  g_autofree char *path = g_build_filename (jobs_dir, name, NULL);
  g_autoptr(GError) error = NULL;
  PvTestExpected expected = { n, 0 };

  for (guint i = 0; i < n; i++)
    {
      gint64 timestamp = (gint64) (i / 4) * 40;
      gint64 index = i % 4 + (i / 400) * 4;
      double left = ((i * 37) % 900) / 1024.0;
      double top = ((i * 53) % 800) / 1024.0;

      expected.sum += pv_test_detection_hash (timestamp, index, left, top);
      g_string_append_printf (json, "%s{\"Timestamp\":%" G_GINT64_FORMAT ",\"Person\":{\"Index\":%"
                              G_GINT64_FORMAT ",\"BoundingBox\":{\"Width\":0.125,\"Height\":0.25,"
                              "\"Left\":%.10g,\"Top\":%.10g}}}",
                              i ? "," : "", timestamp, index, left, top);
    }
  g_string_append (json, "]}");
  g_file_set_contents (path, json->str, (gssize) json->len, &error);
  g_assert_no_error (error);
  return expected;
}

static Server *
server_start (const char *const *extra_args)
{
  Server *server = g_new0 (Server, 1);
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_NONE);
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *port_file = g_build_filename (tmpdir, "port", NULL);
  g_autofree char *port_text = NULL;
  g_autofree char *log_name = NULL;
  static guint n_started;
  GError *error = NULL;
  gint64 deadline;

  g_unlink (port_file);
  /* One log per server: the counts below are per server. */
  log_name = g_strdup_printf ("server-%u.log", ++n_started);
  server->log_path = g_build_filename (tmpdir, log_name, NULL);
  g_ptr_array_add (argv, g_strdup (g_getenv ("PATHVIEW_SERVER")));
  g_ptr_array_add (argv, g_strdup ("--port=0"));
  g_ptr_array_add (argv, g_strconcat ("--port-file=", port_file, NULL));
  g_ptr_array_add (argv, g_strconcat ("--jobs=", jobs_dir, NULL));
  g_ptr_array_add (argv, g_strconcat ("--credentials=", credentials, NULL));
  g_ptr_array_add (argv, g_strdup ("--verbose"));
  for (guint i = 0; extra_args != NULL && extra_args[i] != NULL; i++)
    g_ptr_array_add (argv, g_strdup (extra_args[i]));
  g_ptr_array_add (argv, NULL);

  /* Its pagination token key is kept here, so a restarted server honours old tokens. */
  g_subprocess_launcher_setenv (launcher, "XDG_STATE_HOME", state_home, TRUE);
  g_subprocess_launcher_set_stderr_file_path (launcher, server->log_path);
  server->process = g_subprocess_launcher_spawnv (launcher,
                                                  (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);

  deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
  while (!g_file_get_contents (port_file, &port_text, NULL, NULL)
         || !g_str_has_suffix (port_text, "\n"))
    {
      g_clear_pointer (&port_text, g_free);
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_usleep (10000);
    }
  server->url = g_strdup_printf ("http://127.0.0.1:%u",
                                 (guint) g_ascii_strtoull (port_text, NULL, 10));
  return server;
}

static void
server_kill (Server *server)
{
  if (server->process == NULL)
    return;
  /* SIGKILL: no chance to finish the answer or to clean up, as in a crash or power cut */
  g_subprocess_force_exit (server->process);
  g_subprocess_wait (server->process, NULL, NULL);
  g_clear_object (&server->process);
}

static void
server_free (Server *server)
{
  server_kill (server);
  g_free (server->url);
  g_free (server->log_path);
  g_free (server);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Server, server_free)

/* Answers in the server's log with this status */
static guint
server_count (Server     *server,
              const char *what)
{
  g_autofree char *log = NULL;
  guint n = 0;

  g_file_get_contents (server->log_path, &log, NULL, NULL);
  for (const char *p = log; p != NULL && (p = strstr (p, what)) != NULL; p++)
    n++;
  return n;
}

static PvClient *
client_new (const char *url,
            guint       max_attempts)
{
  PvClientOptions options = {
    .endpoint_url = url,
    .region = "us-east-1",
    .access_key_id = ACCESS_KEY,
    .secret_access_key = SECRET_KEY,
    .max_attempts = max_attempts,
    .timeout_ms = 10000,
    .retry_base_ms = 1,
    .retry_max_ms = 8,
  };
  g_autoptr(GError) error = NULL;
  PvClient *client = pv_client_new (&options, &error);

  g_assert_no_error (error);
  return client;
}

static void
on_progress (PvClient *client,
             guint     pages,
             guint     persons,
             Fetch    *fetch)
{
  fetch->pages = pages;
  if (fetch->kill != NULL && pages == fetch->kill_after_pages)
    server_kill (fetch->kill);
}

static void
on_fetched (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  Fetch *fetch = user_data;

  fetch->async_result = g_object_ref (result);
  fetch->result = pv_client_get_person_tracking_finish (PV_CLIENT (source), result, &fetch->error);
}

static void
fetch_run (PvClient             *client,
           const char           *job_id,
           const PvFetchOptions *options,
           Fetch                *fetch)
{
  gulong id = g_signal_connect (client, "progress", G_CALLBACK (on_progress), fetch);

  pv_client_get_person_tracking_async (client, job_id, options, NULL, on_fetched, fetch);
  while (fetch->async_result == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_signal_handler_disconnect (client, id);
}

static void
fetch_clear (Fetch *fetch)
{
  g_clear_object (&fetch->async_result);
  g_clear_object (&fetch->result);
  g_clear_error (&fetch->error);
}

/* Half of all requests throttled: the fetch still completes, every detection exactly once. */
static void
test_throttle_storm (void)
{
  const char *args[] = { "--fault-throttle-rate=0.5", "--fault-seed=7", NULL };
  g_autoptr(Server) server = server_start (args);
  g_autoptr(PvClient) client = client_new (server->url, 40);
  PvTestExpected expected = write_job ("storm", 4000);
  PvFetchOptions options = { .max_results = 100 };
  Fetch fetch = { 0 };
  PvTestExpected got;
  guint ok, throttled;

  fetch_run (client, "storm", &options, &fetch);
  g_assert_no_error (fetch.error);
  got = pv_test_result_expected (fetch.result);
  g_assert_cmpuint (got.n, ==, expected.n);
  g_assert_cmpuint (got.sum, ==, expected.sum);
  g_assert_cmpuint (pv_result_get_warnings (fetch.result)->len, ==, 0);

  ok = server_count (server, "-> 200");
  throttled = server_count (server, "-> 500");
  g_test_message ("storm: %u pages, %u answers 200, %u throttled (%.0f%%)", fetch.pages, ok,
                  throttled, 100.0 * throttled / (ok + throttled));
  g_assert_cmpuint (ok, ==, 40);
  g_assert_cmpuint (fetch.pages, ==, 40);
  /* The rate is drawn per request: about half, not exactly. */
  g_assert_cmpuint (throttled, >=, 20);
  fetch_clear (&fetch);
}

/* The server is killed (SIGKILL) after 5 of 20 pages. The client keeps what it has and the
 * NextToken; a fresh client resumes from it against the restarted server on another port. */
static void
test_killed_mid_fetch_resumes (void)
{
  const char *args[] = { "--fault-latency-ms=20", NULL };
  g_autoptr(Server) first = server_start (args);
  g_autoptr(Server) second = NULL;
  g_autoptr(PvClient) client = client_new (first->url, 2);
  g_autoptr(PvClient) client2 = NULL;
  g_autoptr(PvResult) partial = NULL;
  g_autofree char *token = NULL;
  PvTestExpected expected = write_job ("killed", 2000);
  PvFetchOptions options = { .max_results = 100 };
  Fetch fetch = { .kill = first, .kill_after_pages = 5 };
  Fetch resumed = { 0 };
  guint pages;
  PvTestExpected got;

  fetch_run (client, "killed", &options, &fetch);
  g_assert_nonnull (fetch.error);
  g_test_message ("cut: %s", fetch.error->message);
  g_assert_true (g_error_matches (fetch.error, PV_CLIENT_ERROR, PV_CLIENT_ERROR_NETWORK)
                 || g_error_matches (fetch.error, PV_CLIENT_ERROR, PV_CLIENT_ERROR_BAD_RESPONSE));
  pages = pv_client_get_pages_fetched (client, fetch.async_result);
  g_assert_cmpuint (pages, ==, 5);
  partial = pv_client_get_partial_result (client, fetch.async_result);
  g_assert_cmpuint (pv_result_get_n_detections (partial), ==, 500);
  token = g_strdup (pv_client_get_resume_token (client, fetch.async_result));
  g_assert_nonnull (token);

  second = server_start (NULL);
  g_assert_cmpstr (second->url, !=, NULL);
  client2 = client_new (second->url, 2);
  options.resume_token = token;
  options.resume_result = partial;
  options.resume_page_number = pages;
  fetch_run (client2, "killed", &options, &resumed);
  g_assert_no_error (resumed.error);
  got = pv_test_result_expected (resumed.result);
  g_assert_cmpuint (got.n, ==, expected.n);
  g_assert_cmpuint (got.sum, ==, expected.sum);
  /* Resumed, not started over: the second server served the 15 pages left. */
  g_assert_cmpuint (server_count (second, "-> 200"), ==, 15);
  fetch_clear (&resumed);
  fetch_clear (&fetch);
}

/* TLS */

/* An https server in another process (Python's ssl module): TLS threads of an in-process server
 * trip LeakSanitizer's tracer. It appends a line to COUNT_FILE for each request it gets. */
static const char tls_server_py[] =
  "import http.server, ssl, sys\n"
  "class H(http.server.BaseHTTPRequestHandler):\n"
  "    def do_POST(self):\n"
  "        open(sys.argv[2], 'a').write('request\\n')\n"
  "        self.send_response(500)\n"
  "        self.end_headers()\n"
  "    def log_message(self, *a):\n"
  "        pass\n"
  "s = http.server.HTTPServer(('127.0.0.1', 0), H)\n"
  "c = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)\n"
  "c.load_cert_chain(sys.argv[1])\n"
  "s.socket = c.wrap_socket(s.socket, server_side=True)\n"
  "print(s.server_address[1], flush=True)\n"
  "s.serve_forever()\n";

static char *
make_self_signed (void)
{
  g_autofree char *openssl = g_find_program_in_path ("openssl");
  g_autofree char *key = g_build_filename (tmpdir, "key.pem", NULL);
  g_autofree char *cert = g_build_filename (tmpdir, "cert.pem", NULL);
  g_autofree char *both = NULL;
  g_autofree char *a = NULL, *b = NULL;
  g_autoptr(GError) error = NULL;
  int status = -1;
  const char *argv[] = { openssl, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key,
                         "-out", cert, "-days", "1", "-subj", "/CN=127.0.0.1",
                         "-addext", "subjectAltName=IP:127.0.0.1", NULL };

  if (openssl == NULL)
    return NULL;
  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                NULL, NULL, NULL, NULL, &status, &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  g_assert_true (g_file_get_contents (cert, &a, NULL, NULL));
  g_assert_true (g_file_get_contents (key, &b, NULL, NULL));
  both = g_build_filename (tmpdir, "both.pem", NULL);
  {
    g_autofree char *pem = g_strconcat (a, b, NULL);

    g_assert_true (g_file_set_contents (both, pem, -1, NULL));
  }
  g_unlink (key);
  g_unlink (cert);
  return g_steal_pointer (&both);
}

/* https on loopback with a certificate no authority signed: the fetch fails, says why, and not
 * one request reaches the server (the handshake is refused, nothing is sent). */
static void
test_tls_self_signed (void)
{
  g_autofree char *pem = make_self_signed ();
  g_autofree char *count_file = g_build_filename (tmpdir, "tls-requests", NULL);
  g_autofree char *python = g_find_program_in_path ("python3");
  g_autoptr(GSubprocess) server = NULL;
  g_autoptr(GDataInputStream) out = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(PvClient) client = NULL;
  g_autofree char *port = NULL;
  g_autofree char *url = NULL;
  Fetch fetch = { 0 };

  if (pem == NULL || python == NULL)
    {
      g_test_skip ("openssl or python3 is not installed: no TLS server to test with");
      return;
    }
  server = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error, python, "-c", tls_server_py,
                             pem, count_file, NULL);
  g_assert_no_error (error);
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (server));
  port = g_data_input_stream_read_line (out, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (port);
  url = g_strdup_printf ("https://127.0.0.1:%s", port);

  client = client_new (url, 3);
  write_job ("tls", 10);
  fetch_run (client, "tls", NULL, &fetch);
  g_test_message ("%s", fetch.error != NULL ? fetch.error->message : "(no error)");
  g_assert_error (fetch.error, PV_CLIENT_ERROR, PV_CLIENT_ERROR_NETWORK);
  g_assert_nonnull (strstr (fetch.error->message, "certificate"));
  /* Not retried: a certificate nobody signed stays unsigned. */
  g_assert_false (g_str_has_prefix (fetch.error->message, "Gave up"));
  g_assert_false (g_file_test (count_file, G_FILE_TEST_EXISTS));
  g_assert_null (pv_client_get_partial_result (client, fetch.async_result));
  fetch_clear (&fetch);
  g_subprocess_force_exit (server);
  g_subprocess_wait (server, NULL, NULL);
}

static gboolean
on_plain_connection (GSocketService    *service,
                     GSocketConnection *connection,
                     GObject           *source,
                     gpointer           user_data)
{
  const char reply[] = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}";
  GOutputStream *out = g_io_stream_get_output_stream (G_IO_STREAM (connection));
  guint *n = user_data;

  (*n)++;
  g_output_stream_write_all (out, reply, sizeof reply - 1, NULL, NULL, NULL);
  g_io_stream_close (G_IO_STREAM (connection), NULL, NULL);
  return TRUE;
}

/* An https URL whose server answers in plain HTTP (garbage to TLS): a network error, never a
 * fall back to plain text. */
static void
test_tls_garbage (void)
{
  g_autoptr(GSocketService) service = g_socket_service_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(PvClient) client = NULL;
  g_autofree char *url = NULL;
  guint16 port;
  guint connections = 0;
  Fetch fetch = { 0 };

  port = g_socket_listener_add_any_inet_port (G_SOCKET_LISTENER (service), NULL, &error);
  g_assert_no_error (error);
  g_signal_connect (service, "incoming", G_CALLBACK (on_plain_connection), &connections);
  g_socket_service_start (service);

  url = g_strdup_printf ("https://127.0.0.1:%u", port);
  client = client_new (url, 1);
  fetch_run (client, "tls", NULL, &fetch);
  g_test_message ("%s", fetch.error != NULL ? fetch.error->message : "(no error)");
  g_assert_error (fetch.error, PV_CLIENT_ERROR, PV_CLIENT_ERROR_NETWORK);
  g_assert_null (fetch.result);
  g_assert_cmpuint (connections, >=, 1);
  fetch_clear (&fetch);
  g_socket_service_stop (service);
}

/* Connections that fail on the way */

/* A scripted HTTP server in another process: the Nth connection gets the Nth action of ACTIONS
 * (the last one repeats), and each is logged to COUNT_FILE as it starts. reset: an RST at once;
 * close: read the request, close without a word; hang: read it, never answer; 503/502/501: that
 * status without a body; ok: one page of PAGE_FILE. It exits when its stdin closes, so a test
 * that fails half-way leaves no server behind. */
static const char scripted_server_py[] =
  "import os, re, socket, struct, sys, threading\n"
  "threading.Thread(target=lambda: (sys.stdin.read(), os._exit(0)), daemon=True).start()\n"
  "actions, count_file = sys.argv[1].split(','), sys.argv[2]\n"
  "page = open(sys.argv[3], 'rb').read()\n"
  "s = socket.socket()\n"
  "s.bind(('127.0.0.1', 0))\n"
  "s.listen(16)\n"
  "print(s.getsockname()[1], flush=True)\n"
  "hung = []\n"
  "n = 0\n"
  "while True:\n"
  "    c, _ = s.accept()\n"
  "    action = actions[min(n, len(actions) - 1)]\n"
  "    n += 1\n"
  "    open(count_file, 'a').write(action + '\\n')\n"
  "    if action == 'reset':\n"
  "        c.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack('ii', 1, 0))\n"
  "        c.close()\n"
  "        continue\n"
  "    data = b''\n"
  "    while b'\\r\\n\\r\\n' not in data:\n"
  "        chunk = c.recv(65536)\n"
  "        if not chunk:\n"
  "            break\n"
  "        data += chunk\n"
  "    head, _, body = data.partition(b'\\r\\n\\r\\n')\n"
  "    m = re.search(rb'(?i)content-length:\\s*(\\d+)', head)\n"
  "    while m and len(body) < int(m.group(1)):\n"
  "        body += c.recv(65536)\n"
  "    if action == 'hang':\n"
  "        hung.append(c)\n"
  "        continue\n"
  "    if action == 'ok':\n"
  "        c.sendall(b'HTTP/1.1 200 OK\\r\\nContent-Type: application/x-amz-json-1.1\\r\\n'\n"
  "                  b'Connection: close\\r\\nContent-Length: %d\\r\\n\\r\\n' % len(page) + page)\n"
  "    elif action != 'close':\n"
  "        c.sendall(b'HTTP/1.1 %s Oops\\r\\nConnection: close\\r\\n'\n"
  "                  b'Content-Length: 0\\r\\n\\r\\n' % action.encode())\n"
  "    c.close()\n";

typedef struct
{
  GSubprocess *process;
  char        *url;
  char        *count_file;
} Scripted;

/* The one page the scripted server serves: three people, values exact in decimal and binary */
static PvTestExpected
write_page (const char *path)
{
  static const struct { gint64 t, index; double left, top; } people[] = {
    { 0, 0, 0.125, 0.25 }, { 40, 1, 0.5, 0.375 }, { 80, 0, 0.25, 0.0625 },
  };
  g_autoptr(GString) json = g_string_new ("{\"JobStatus\":\"SUCCEEDED\",\"Persons\":[");
  PvTestExpected expected = { G_N_ELEMENTS (people), 0 };

  for (guint i = 0; i < G_N_ELEMENTS (people); i++)
    {
      expected.sum += pv_test_detection_hash (people[i].t, people[i].index, people[i].left,
                                              people[i].top);
      g_string_append_printf (json, "%s{\"Timestamp\":%" G_GINT64_FORMAT ",\"Person\":{\"Index\":%"
                              G_GINT64_FORMAT ",\"BoundingBox\":{\"Width\":0.125,\"Height\":0.25,"
                              "\"Left\":%g,\"Top\":%g}}}", i ? "," : "", people[i].t,
                              people[i].index, people[i].left, people[i].top);
    }
  g_string_append (json, "]}");
  g_assert_true (g_file_set_contents (path, json->str, -1, NULL));
  return expected;
}

static Scripted *
scripted_start (const char     *actions,
                PvTestExpected *expected)
{
  static guint n_started;
  g_autofree char *python = g_find_program_in_path ("python3");
  g_autofree char *name = g_strdup_printf ("scripted-%u", ++n_started);
  g_autofree char *page = g_build_filename (tmpdir, "page.json", NULL);
  g_autoptr(GDataInputStream) out = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *port = NULL;
  Scripted *server;

  if (python == NULL)
    return NULL;
  server = g_new0 (Scripted, 1);
  *expected = write_page (page);
  server->count_file = g_build_filename (tmpdir, name, NULL);
  server->process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE
                                      | G_SUBPROCESS_FLAGS_STDIN_PIPE, &error, python, "-c",
                                      scripted_server_py, actions, server->count_file, page,
                                      NULL);
  g_assert_no_error (error);
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (server->process));
  port = g_data_input_stream_read_line (out, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (port);
  server->url = g_strdup_printf ("http://127.0.0.1:%s", port);
  return server;
}

/* Connections the server took, one line per action */
static guint
scripted_count (Scripted *server)
{
  g_autofree char *text = NULL;
  guint n = 0;

  if (!g_file_get_contents (server->count_file, &text, NULL, NULL))
    return 0;
  for (const char *p = text; *p; p++)
    n += *p == '\n';
  return n;
}

static void
scripted_free (Scripted *server)
{
  g_subprocess_force_exit (server->process);
  g_subprocess_wait (server->process, NULL, NULL);
  g_object_unref (server->process);
  g_free (server->url);
  g_free (server->count_file);
  g_free (server);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Scripted, scripted_free)

/* Each way a connection can fail on the way is retried, and the page the next connection brings
 * is the whole result. */
static void
test_transient_retried (void)
{
  static const char *scripts[] = {
    "reset,ok", "close,ok", "503,ok", "502,reset,close,503,ok",
  };

  for (guint i = 0; i < G_N_ELEMENTS (scripts); i++)
    {
      PvTestExpected expected;
      g_autoptr(Scripted) server = scripted_start (scripts[i], &expected);
      g_autoptr(PvClient) client = NULL;
      g_auto(GStrv) actions = g_strsplit (scripts[i], ",", -1);
      Fetch fetch = { 0 };
      PvTestExpected got;

      if (server == NULL)
        {
          g_test_skip ("python3 is not installed: no scripted server");
          return;
        }
      client = client_new (server->url, 5);
      fetch_run (client, "scripted", NULL, &fetch);
      g_test_message ("%s: %s", scripts[i], fetch.error ? fetch.error->message : "fetched");
      g_assert_no_error (fetch.error);
      got = pv_test_result_expected (fetch.result);
      g_assert_cmpuint (got.n, ==, expected.n);
      g_assert_cmpuint (got.sum, ==, expected.sum);
      /* One connection per action, the last one the answer: nothing retried more than needed. */
      g_assert_cmpuint (scripted_count (server), ==, g_strv_length (actions));
      fetch_clear (&fetch);
    }
}

/* Within max_attempts only: then the error says how often it tried, and where. */
static void
test_transient_gives_up (void)
{
  PvTestExpected expected;
  g_autoptr(Scripted) server = scripted_start ("reset", &expected);
  g_autoptr(PvClient) client = NULL;
  g_autofree char *attempts = NULL;
  Fetch fetch = { 0 };

  if (server == NULL)
    {
      g_test_skip ("python3 is not installed: no scripted server");
      return;
    }
  client = client_new (server->url, 3);
  fetch_run (client, "scripted", NULL, &fetch);
  g_test_message ("%s", fetch.error != NULL ? fetch.error->message : "(no error)");
  g_assert_error (fetch.error, PV_CLIENT_ERROR, PV_CLIENT_ERROR_NETWORK);
  g_assert_nonnull (strstr (fetch.error->message, server->url));
  attempts = g_strdup_printf ("%u", 3);
  g_assert_nonnull (strstr (fetch.error->message, attempts));
  g_assert_cmpuint (scripted_count (server), ==, 3);
  fetch_clear (&fetch);
}

/* A status that no retry would change is not retried. */
static void
test_not_transient_status (void)
{
  PvTestExpected expected;
  g_autoptr(Scripted) server = scripted_start ("501,ok", &expected);
  g_autoptr(PvClient) client = NULL;
  Fetch fetch = { 0 };

  if (server == NULL)
    {
      g_test_skip ("python3 is not installed: no scripted server");
      return;
    }
  client = client_new (server->url, 5);
  fetch_run (client, "scripted", NULL, &fetch);
  g_assert_error (fetch.error, PV_CLIENT_ERROR, PV_CLIENT_ERROR_HTTP);
  g_assert_cmpuint (scripted_count (server), ==, 1);
  fetch_clear (&fetch);
}

/* An endpoint nobody listens on: every attempt refused, then an error naming the endpoint. */
static char *
refused_url (void)
{
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GError) error = NULL;

  socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP,
                         &error);
  g_assert_no_error (error);
  g_socket_bind (socket, any, FALSE, &error);
  g_assert_no_error (error);
  bound = g_socket_get_local_address (socket, &error);
  g_assert_no_error (error);
  g_socket_close (socket, NULL);
  return g_strdup_printf ("http://127.0.0.1:%u",
                          g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)));
}

static void
test_refused_gives_up (void)
{
  g_autofree char *url = refused_url ();
  g_autoptr(PvClient) client = client_new (url, 4);
  Fetch fetch = { 0 };

  fetch_run (client, "refused", NULL, &fetch);
  g_test_message ("%s", fetch.error != NULL ? fetch.error->message : "(no error)");
  g_assert_error (fetch.error, PV_CLIENT_ERROR, PV_CLIENT_ERROR_NETWORK);
  g_assert_nonnull (strstr (fetch.error->message, url));
  g_assert_nonnull (strstr (fetch.error->message, "4"));
  g_assert_null (pv_client_get_partial_result (client, fetch.async_result));
  fetch_clear (&fetch);
}

static void
cancel_soon (GCancellable *cancellable)
{
  g_cancellable_cancel (cancellable);
}

/* Cancelling ends a backoff wait at once, not when the wait is over. */
static void
test_cancel_during_backoff (void)
{
  g_autofree char *url = refused_url ();
  PvClientOptions options = {
    .endpoint_url = url, .region = "us-east-1",
    .access_key_id = ACCESS_KEY, .secret_access_key = SECRET_KEY,
    .max_attempts = 5, .retry_base_ms = 20000, .retry_max_ms = 20000,
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(PvClient) client = pv_client_new (&options, &error);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  Fetch fetch = { 0 };
  gint64 start;

  g_assert_no_error (error);
  start = g_get_monotonic_time ();
  /* The first attempt is refused at once; the wait after it is at least 10 s. */
  g_timeout_add_once (200, (GSourceOnceFunc) cancel_soon, cancellable);
  pv_client_get_person_tracking_async (client, "refused", NULL, cancellable, on_fetched, &fetch);
  while (fetch.async_result == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_error (fetch.error, PV_CLIENT_ERROR, PV_CLIENT_ERROR_CANCELLED);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 2 * G_USEC_PER_SEC);
  fetch_clear (&fetch);
}

/* A request that times out is sent again; the next connection answers. */
static void
test_timeout_retried (void)
{
  PvTestExpected expected;
  g_autoptr(Scripted) server = scripted_start ("hang,ok", &expected);
  PvClientOptions options = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(PvClient) client = NULL;
  Fetch fetch = { 0 };

  if (server == NULL)
    {
      g_test_skip ("python3 is not installed: no scripted server");
      return;
    }
  options = (PvClientOptions) {
    .endpoint_url = server->url, .region = "us-east-1",
    .access_key_id = ACCESS_KEY, .secret_access_key = SECRET_KEY,
    .max_attempts = 3, .timeout_ms = 300, .retry_base_ms = 1, .retry_max_ms = 8,
  };
  client = pv_client_new (&options, &error);
  g_assert_no_error (error);
  fetch_run (client, "scripted", NULL, &fetch);
  g_assert_no_error (fetch.error);
  g_assert_cmpuint (pv_test_result_expected (fetch.result).sum, ==, expected.sum);
  g_assert_cmpuint (scripted_count (server), ==, 2);
  fetch_clear (&fetch);
}

/* An https endpoint whose server hangs up in the middle of the handshake: retried like any cut
 * connection (a certificate that is not trusted, below, is not). */
static void
test_tls_handshake_cut_retried (void)
{
  PvTestExpected expected;
  g_autoptr(Scripted) server = scripted_start ("reset", &expected);
  g_autoptr(PvClient) client = NULL;
  g_autofree char *url = NULL;
  Fetch fetch = { 0 };

  if (server == NULL)
    {
      g_test_skip ("python3 is not installed: no scripted server");
      return;
    }
  url = g_strconcat ("https", server->url + strlen ("http"), NULL);
  client = client_new (url, 3);
  fetch_run (client, "tls", NULL, &fetch);
  g_test_message ("%s", fetch.error != NULL ? fetch.error->message : "(no error)");
  g_assert_error (fetch.error, PV_CLIENT_ERROR, PV_CLIENT_ERROR_NETWORK);
  g_assert_cmpuint (scripted_count (server), ==, 3);
  fetch_clear (&fetch);
}

static void
on_resolved (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

/* A name the DNS says does not exist (.invalid never does, RFC 6761) is a typo, not bad luck:
 * one try. Only where this machine's resolver can say so. */
static void
test_dns_not_found_not_retried (void)
{
  g_autoptr(GResolver) resolver = g_resolver_get_default ();
  g_autoptr(GError) error = NULL;
  g_autolist(GInetAddress) addresses = NULL;
  g_autoptr(PvClient) client = NULL;
  PvClientOptions options = {
    .endpoint_url = "https://rekognition.pathview-test.invalid", .region = "us-east-1",
    .access_key_id = ACCESS_KEY, .secret_access_key = SECRET_KEY,
    .max_attempts = 5, .retry_base_ms = 4000, .retry_max_ms = 4000,
  };
  Fetch fetch = { 0 };
  gint64 start;

  /* Without a network the resolver may take long to say anything: give it 3 s. */
  {
    g_autoptr(GCancellable) cancellable = g_cancellable_new ();
    g_autoptr(GAsyncResult) result = NULL;
    guint timer = g_timeout_add_once (3000, (GSourceOnceFunc) cancel_soon, cancellable);

    g_resolver_lookup_by_name_async (resolver, "rekognition.pathview-test.invalid", cancellable,
                                     on_resolved, &result);
    while (result == NULL)
      g_main_context_iteration (NULL, TRUE);
    if (!g_cancellable_is_cancelled (cancellable))
      g_source_remove (timer);
    addresses = g_resolver_lookup_by_name_finish (resolver, result, &error);
  }
  if (!g_error_matches (error, G_RESOLVER_ERROR, G_RESOLVER_ERROR_NOT_FOUND))
    {
      g_test_skip_printf ("the resolver here does not answer “not found” for .invalid (%s)",
                          error != NULL ? error->message : "it resolved");
      return;
    }
  g_clear_error (&error);

  client = pv_client_new (&options, &error);
  g_assert_no_error (error);
  start = g_get_monotonic_time ();
  fetch_run (client, "dns", NULL, &fetch);
  g_test_message ("%s", fetch.error != NULL ? fetch.error->message : "(no error)");
  g_assert_error (fetch.error, PV_CLIENT_ERROR, PV_CLIENT_ERROR_NETWORK);
  g_assert_nonnull (strstr (fetch.error->message, "pathview-test.invalid"));
  /* A retry would have waited at least 2 s first. */
  g_assert_cmpint (g_get_monotonic_time () - start, <, 2 * G_USEC_PER_SEC);
  fetch_clear (&fetch);
}

/* Plain http is for loopback only, unless the user allows it explicitly. */
static void
test_plain_http_remote (void)
{
  PvClientOptions options = {
    .endpoint_url = "http://198.51.100.7:8080",
    .region = "us-east-1",
    .access_key_id = ACCESS_KEY,
    .secret_access_key = SECRET_KEY,
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(PvClient) refused = pv_client_new (&options, &error);
  g_autoptr(PvClient) allowed = NULL;

  g_assert_null (refused);
  g_assert_error (error, PV_AWS_CONFIG_ERROR, PV_AWS_CONFIG_ERROR_INSECURE_ENDPOINT);
  g_clear_error (&error);

  options.allow_insecure_http = TRUE;
  allowed = pv_client_new (&options, &error);
  g_assert_no_error (error);
  g_assert_nonnull (allowed);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);
  tmpdir = g_dir_make_tmp ("pv-hostile-XXXXXX", &error);
  g_assert_no_error (error);
  jobs_dir = g_build_filename (tmpdir, "jobs", NULL);
  state_home = g_build_filename (tmpdir, "state", NULL);
  credentials = g_build_filename (tmpdir, "credentials", NULL);
  g_mkdir (jobs_dir, 0700);
  g_file_set_contents (credentials, "[default]\naws_access_key_id = " ACCESS_KEY "\n"
                       "aws_secret_access_key = " SECRET_KEY "\n", -1, &error);
  g_assert_no_error (error);
  /* The fetches must not touch the user's cache */
  {
    g_autofree char *cache = g_build_filename (tmpdir, "cache", NULL);

    g_setenv ("XDG_CACHE_HOME", cache, TRUE);
  }

  g_test_add_func ("/hostile-network/plain-http-remote", test_plain_http_remote);
  g_test_add_func ("/hostile-network/tls-self-signed", test_tls_self_signed);
  g_test_add_func ("/hostile-network/tls-garbage", test_tls_garbage);
  g_test_add_func ("/hostile-network/tls-handshake-cut-retried", test_tls_handshake_cut_retried);
  g_test_add_func ("/hostile-network/transient/retried", test_transient_retried);
  g_test_add_func ("/hostile-network/transient/gives-up", test_transient_gives_up);
  g_test_add_func ("/hostile-network/transient/timeout-retried", test_timeout_retried);
  g_test_add_func ("/hostile-network/transient/cancel-during-backoff", test_cancel_during_backoff);
  g_test_add_func ("/hostile-network/not-transient/status-501", test_not_transient_status);
  g_test_add_func ("/hostile-network/not-transient/dns-not-found", test_dns_not_found_not_retried);
  g_test_add_func ("/hostile-network/refused-gives-up", test_refused_gives_up);
  if (g_getenv ("PATHVIEW_SERVER") != NULL)
    {
      g_test_add_func ("/hostile-network/throttle-storm", test_throttle_storm);
      g_test_add_func ("/hostile-network/killed-mid-fetch-resumes", test_killed_mid_fetch_resumes);
    }

  status = g_test_run ();
  pv_test_remove_tree (tmpdir);
  g_free (tmpdir);
  g_free (jobs_dir);
  g_free (state_home);
  g_free (credentials);
  return status;
}
