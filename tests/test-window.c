/* test-window.c
 *
 * Copyright 2026 The Pathview authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "pv-application.h"
#include "pv-client.h"
#include "pv-export-dialog.h"
#include "pv-open-dialog.h"
#include "pv-overlay.h"
#include "pv-palette.h"
#include "pv-person-list.h"
#include "pv-preferences.h"
#include "pv-result.h"
#include "pv-timeline-view.h"
#include "pv-video-view.h"
#include "pv-window.h"
#include "pv-test-server.h"
#include "test-clip.h"

/* One application for the whole program, as in the real one: it owns its D-Bus path. */
static PvApplication *app;
static char *tmpdir;

/* The real pair: its video's first frame has PTS 80 ms, and the detections count from it. */
#define SHELLZU_WIDTH  640
#define SHELLZU_HEIGHT 360
#define SHELLZU_FIRST_PTS_US 80000

static gboolean
timeout_cb (gpointer data)
{
  g_error ("Timed out waiting for %s", (const char *) data);
  return G_SOURCE_REMOVE;
}

static void
iterate_until (gboolean  (*done) (gpointer data),
               gpointer    data,
               const char *what)
{
  guint id = g_timeout_add_seconds (30, timeout_cb, (gpointer) what);

  while (!done (data))
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (id);
}

/* Lets pending redraws and idle callbacks run. */
static void
iterate_idle (void)
{
  for (int i = 0; i < 5; i++)
    while (g_main_context_iteration (NULL, FALSE))
      ;
}

static gboolean
is_mapped (gpointer data)
{
  return gtk_widget_get_mapped (data);
}

static void
present_and_wait (GtkWindow *window)
{
  gtk_window_present (window);
  iterate_until (is_mapped, window, "the window to map");
}

static GtkWidget *
find_widget (GtkWidget *root,
             GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (root, type))
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_widget (child, type);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static void
destroy_and_finalize (PvWindow *window)
{
  g_object_ref (window);
  gtk_window_destroy (GTK_WINDOW (window));
  iterate_idle ();
  g_assert_finalize_object (window);
}

static void
test_window_empty_state (void)
{
  PvWindow *window;
  GtkWidget *status;

  window = pv_window_new (app);
  present_and_wait (GTK_WINDOW (window));

  /* A fresh window offers to open something rather than showing an empty video area. */
  status = find_widget (GTK_WIDGET (window), ADW_TYPE_STATUS_PAGE);
  g_assert_nonnull (status);
  g_assert_true (gtk_widget_get_mapped (status));
  g_assert_cmpstr (adw_status_page_get_title (ADW_STATUS_PAGE (status)), ==, "Open a Video");
  g_assert_false (gtk_widget_get_mapped (pv_window_get_video_view (window)));

  g_assert_true (g_action_group_has_action (G_ACTION_GROUP (app), "about"));
  g_assert_true (g_action_group_has_action (G_ACTION_GROUP (app), "preferences"));
  /* Ctrl+? : GtkApplication found gtk/help-overlay.ui (pv-shortcuts.ui) in our resources. */
  g_assert_true (g_action_group_has_action (G_ACTION_GROUP (window), "show-help-overlay"));
  g_assert_nonnull (gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (window)));
  /* Nothing to play yet: the actions are there and do nothing. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "player.toggle-play", NULL));
  g_assert_null (pv_window_get_player (window));

  destroy_and_finalize (window);
}

static void
test_window_remembers_size (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  PvWindow *window;
  int width = 0;

  g_settings_set_int (settings, "window-width", 777);
  window = pv_window_new (app);
  g_object_get (window, "default-width", &width, NULL);
  g_assert_cmpint (width, ==, 777);

  g_object_set (window, "default-width", 900, NULL);
  g_assert_cmpint (g_settings_get_int (settings, "window-width"), ==, 900);

  gtk_window_destroy (GTK_WINDOW (window));
  g_settings_reset (settings, "window-width");
}

static GtkWindow *
find_toplevel (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) w = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (w, type))
        return w;
    }
  return NULL;
}

static gboolean
has_people (gpointer data)
{
  PvWindow *window = data;
  PvPlayer *player = pv_window_get_player (window);

  return player != NULL && pv_player_get_loaded (player) && pv_window_get_timeline (window) != NULL;
}

static gboolean
label_text_starts_with (GtkWidget  *root,
                        const char *prefix)
{
  if (GTK_IS_LABEL (root) && gtk_widget_get_mapped (root)
      && g_str_has_prefix (gtk_label_get_text (GTK_LABEL (root)), prefix))
    return TRUE;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child;
       child = gtk_widget_get_next_sibling (child))
    if (label_text_starts_with (child, prefix))
      return TRUE;
  return FALSE;
}

static gboolean
says_analysis_running (gpointer data)
{
  return label_text_starts_with (data, "Analysis still running");
}

/* Distinct Index values of a merged result, read with json-glib rather than PvResult. */
static guint
count_indexes (const char *json_path)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  g_autoptr(GError) error = NULL;
  JsonArray *persons;

  json_parser_load_from_file (parser, json_path, &error);
  g_assert_no_error (error);
  persons = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)),
                                          "Persons");
  for (guint i = 0; i < json_array_get_length (persons); i++)
    {
      JsonObject *person = json_object_get_object_member (
          json_array_get_object_element (persons, i), "Person");
      gint64 *index = g_new (gint64, 1);

      *index = json_object_get_int_member (person, "Index");
      g_hash_table_add (seen, index);
    }
  return g_hash_table_size (seen);
}

/* A JobId against pathview-server whose job is still being analysed: the window says so instead
 * of showing an empty result, then shows the people once the job has succeeded. */
static void
test_window_job_analysis_running (void)
{
  const char *args[] = { "--fault-in-progress", "1", NULL };
  g_autoptr(PvTestServer) server = pv_test_server_start (args);
  g_autofree char *demo_dir = g_test_build_filename (G_TEST_DIST, "..", "data", "demo", NULL);
  g_autofree char *job_json = g_build_filename (demo_dir, "jobs", "pathview-demo-pets09.json", NULL);
  g_autofree char *served = g_build_filename (server->jobs_dir, "window-test-job.json", NULL);
  g_autofree char *video = g_build_filename (demo_dir, "pets09-s2l1.mp4", NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GFile) video_file = g_file_new_for_path (video);
  g_autoptr(GError) error = NULL;
  PvOpenRequest request = { 0 };
  PvWindow *window;
  gsize length;

  g_file_get_contents (job_json, &contents, &length, &error);
  g_assert_no_error (error);
  g_file_set_contents (served, contents, length, &error);
  g_assert_no_error (error);
  g_setenv ("AWS_ACCESS_KEY_ID", ACCESS_KEY, TRUE);
  g_setenv ("AWS_SECRET_ACCESS_KEY", SECRET_KEY, TRUE);

  window = pv_window_new (app);
  present_and_wait (GTK_WINDOW (window));
  request.video = video_file;
  request.job_id = "window-test-job";
  request.endpoint_url = server->url;
  request.region = "us-east-1";
  pv_window_open (window, &request);

  iterate_until (says_analysis_running, window, "the window to say the analysis is running");
  g_assert_null (pv_window_get_timeline (window));
  iterate_until (has_people, window, "the job's results once it has succeeded");
  g_assert_cmpuint (g_list_model_get_n_items (pv_timeline_get_people (pv_window_get_timeline (window))),
                    ==, count_indexes (job_json));
  g_assert_false (says_analysis_running (window));

  g_unsetenv ("AWS_ACCESS_KEY_ID");
  g_unsetenv ("AWS_SECRET_ACCESS_KEY");
  destroy_and_finalize (window);
}

/* The mapped label whose text starts with @prefix, or NULL */
static GtkLabel *
find_label (GtkWidget  *root,
            const char *prefix)
{
  if (GTK_IS_LABEL (root) && gtk_widget_get_mapped (root)
      && g_str_has_prefix (gtk_label_get_text (GTK_LABEL (root)), prefix))
    return GTK_LABEL (root);
  for (GtkWidget *child = gtk_widget_get_first_child (root); child;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkLabel *found = find_label (child, prefix);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* A JobId with no endpoint given anywhere in the app: the one of the AWS profile's [services]
 * section is used, and the window says which, while the fetch runs. */
static void
test_window_job_configured_endpoint (void)
{
  const char *args[] = { "--fault-in-progress", "1", NULL };
  g_autoptr(PvTestServer) server = pv_test_server_start (args);
  g_autofree char *demo_dir = g_test_build_filename (G_TEST_DIST, "..", "data", "demo", NULL);
  g_autofree char *job_json = g_build_filename (demo_dir, "jobs", "pathview-demo-pets09.json",
                                               NULL);
  g_autofree char *served = g_build_filename (server->jobs_dir, "configured-job.json", NULL);
  g_autofree char *video = g_build_filename (demo_dir, "pets09-s2l1.mp4", NULL);
  g_autofree char *dir = pv_test_make_tmp_dir ();
  g_autofree char *config_path = g_build_filename (dir, "config", NULL);
  g_autofree char *credentials_path = g_build_filename (dir, "credentials", NULL);
  g_autofree char *config = g_strdup_printf ("[default]\nregion = us-east-1\nservices = local\n"
                                             "[services local]\nrekognition =\n"
                                             "  endpoint_url = %s\n", server->url);
  g_autofree char *credentials = g_strdup_printf ("[default]\naws_access_key_id = %s\n"
                                                  "aws_secret_access_key = %s\n",
                                                  ACCESS_KEY, SECRET_KEY);
  g_autofree char *contents = NULL;
  g_autoptr(GFile) video_file = g_file_new_for_path (video);
  g_autoptr(GError) error = NULL;
  PvOpenRequest request = { 0 };
  PvWindow *window;
  GtkLabel *label;
  g_autofree char *tooltip = NULL;
  gsize length;

  g_file_get_contents (job_json, &contents, &length, &error);
  g_assert_no_error (error);
  g_file_set_contents (served, contents, length, &error);
  g_assert_no_error (error);
  g_assert_true (g_file_set_contents (config_path, config, -1, NULL));
  g_assert_true (g_file_set_contents (credentials_path, credentials, -1, NULL));
  g_setenv ("AWS_CONFIG_FILE", config_path, TRUE);
  g_setenv ("AWS_SHARED_CREDENTIALS_FILE", credentials_path, TRUE);

  window = pv_window_new (app);
  present_and_wait (GTK_WINDOW (window));
  request.video = video_file;
  request.job_id = "configured-job";
  pv_window_open (window, &request);

  iterate_until (says_analysis_running, window, "the window to say the analysis is running");
  label = find_label (GTK_WIDGET (window), "Analysis still running");
  g_assert_nonnull (label);
  g_object_get (label, "tooltip-text", &tooltip, NULL);
  g_assert_nonnull (tooltip);
  g_assert_nonnull (strstr (tooltip, server->url));
  iterate_until (has_people, window, "the job's results once it has succeeded");
  g_assert_cmpuint (pv_test_server_requests (server), >=, 2);

  g_unsetenv ("AWS_CONFIG_FILE");
  g_unsetenv ("AWS_SHARED_CREDENTIALS_FILE");
  destroy_and_finalize (window);
  pv_test_remove_tree (dir);
}

/* No credentials anywhere, but the job was fetched before from the endpoint the AWS settings
 * name: it opens from the cache, with no request at all (nothing listens there). */
static void
test_window_job_configured_endpoint_cached (void)
{
  g_autofree char *demo_dir = g_test_build_filename (G_TEST_DIST, "..", "data", "demo", NULL);
  g_autofree char *job_json = g_build_filename (demo_dir, "jobs", "pathview-demo-pets09.json",
                                               NULL);
  g_autofree char *video = g_build_filename (demo_dir, "pets09-s2l1.mp4", NULL);
  g_autofree char *dir = pv_test_make_tmp_dir ();
  g_autofree char *config_path = g_build_filename (dir, "config", NULL);
  g_autofree char *credentials_path = g_build_filename (dir, "credentials", NULL);
  g_autofree char *cached = pv_client_cache_path ("http://127.0.0.1:9", "cached-job");
  g_autofree char *cached_dir = g_path_get_dirname (cached);
  g_autofree char *contents = NULL;
  g_autoptr(GFile) video_file = g_file_new_for_path (video);
  g_autoptr(GError) error = NULL;
  PvOpenRequest request = { 0 };
  PvWindow *window;
  GListModel *people;
  gsize length;

  g_file_get_contents (job_json, &contents, &length, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_mkdir_with_parents (cached_dir, 0700), ==, 0);
  g_file_set_contents (cached, contents, length, &error);
  g_assert_no_error (error);
  g_assert_true (g_file_set_contents (config_path,
                                      "[default]\nregion = us-east-1\nservices = local\n"
                                      "[services local]\nrekognition =\n"
                                      "  endpoint_url = http://127.0.0.1:9\n", -1, NULL));
  g_assert_true (g_file_set_contents (credentials_path, "", -1, NULL));
  g_setenv ("AWS_CONFIG_FILE", config_path, TRUE);
  g_setenv ("AWS_SHARED_CREDENTIALS_FILE", credentials_path, TRUE);
  g_unsetenv ("AWS_ACCESS_KEY_ID");
  g_unsetenv ("AWS_SECRET_ACCESS_KEY");

  window = pv_window_new (app);
  present_and_wait (GTK_WINDOW (window));
  request.video = video_file;
  request.job_id = "cached-job";
  pv_window_open (window, &request);
  iterate_until (has_people, window, "the cached job's results");
  people = pv_timeline_get_people (pv_window_get_timeline (window));
  g_assert_cmpuint (g_list_model_get_n_items (people), ==, count_indexes (job_json));

  g_unsetenv ("AWS_CONFIG_FILE");
  g_unsetenv ("AWS_SHARED_CREDENTIALS_FILE");
  destroy_and_finalize (window);
  g_unlink (cached);
  pv_test_remove_tree (dir);
}

/* Ctrl+O's dialog: a video and a result file, then Open, and the window shows them. */
static void
test_window_open_dialog (void)
{
  const char *dir = g_getenv ("PATHVIEW_SHARED_DATA");
  g_autofree char *video = NULL;
  g_autofree char *json = NULL;
  g_autoptr(GFile) video_file = NULL;
  g_autoptr(GFile) json_file = NULL;
  PvOpenDialog *dialog;
  PvWindow *window;
  GListModel *people;

  if (dir == NULL)
    {
      g_test_skip ("no PATHVIEW_SHARED_DATA");
      return;
    }
  video = g_build_filename (dir, "videos", "shellzu_IMG_3656_lambda.mp4", NULL);
  json = g_build_filename (dir, "rekognition", "shellzu_IMG_3656_lambda.json", NULL);
  if (!g_file_test (video, G_FILE_TEST_IS_REGULAR) || !g_file_test (json, G_FILE_TEST_IS_REGULAR))
    {
      g_test_skip ("PATHVIEW_SHARED_DATA has no shellzu pair");
      return;
    }
  video_file = g_file_new_for_path (video);
  json_file = g_file_new_for_path (json);

  window = pv_window_new (app);
  present_and_wait (GTK_WINDOW (window));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.open", NULL));
  dialog = PV_OPEN_DIALOG (find_toplevel (PV_TYPE_OPEN_DIALOG));
  g_assert_nonnull (dialog);
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);

  pv_open_dialog_set_video (dialog, video_file);
  pv_open_dialog_set_results (dialog, json_file);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "dialog.open", NULL));
  iterate_idle ();
  g_assert_null (dialog);

  iterate_until (has_people, window, "the video and the results from the dialog");
  people = pv_timeline_get_people (pv_window_get_timeline (window));
  /* Index 0 and 1, as the JSON has. */
  g_assert_cmpuint (g_list_model_get_n_items (people), ==, 2);
  g_assert_true (gtk_widget_get_mapped (pv_window_get_video_view (window)));

  destroy_and_finalize (window);
}

static char *
run_pathview (const char *const *args,
              int                *status)
{
  g_autofree char *binary = g_test_build_filename (G_TEST_BUILT, "..", "src", "pathview", NULL);
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  char *out = NULL;

  g_ptr_array_add (argv, binary);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);
  g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, NULL, status, &error);
  g_assert_no_error (error);
  return out;
}

/* Handled before the application registers, so they need no session bus or display. */
static void
test_application_command_line (void)
{
  g_autofree char *version = NULL;
  g_autofree char *help = NULL;
  g_autofree char *expected = g_strdup_printf ("pathview %s\n", PACKAGE_VERSION);
  int status = -1;

  version = run_pathview ((const char *[]) { "--version", NULL }, &status);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  g_assert_cmpstr (version, ==, expected);

  help = run_pathview ((const char *[]) { "--help", NULL }, &status);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  for (guint i = 0; i < 6; i++)
    {
      const char *options[] = { "--job-id=ID", "--endpoint-url=URL", "--region=REGION", "--profile=PROFILE",
                                "--results=FILE", "[VIDEO]" };

      if (strstr (help, options[i]) == NULL)
        g_error ("--help does not mention %s:\n%s", options[i], help);
    }
}

/* The shellzu pair, read independently of PvResult: Timestamp -> boxes by Index. */

typedef struct
{
  gint64 timestamp_ms;
  gint64 index;
  double left, top, width, height;
} Box;

static GArray *
read_shellzu_boxes (const char *json_path)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  GArray *boxes = g_array_new (FALSE, FALSE, sizeof (Box));
  JsonArray *persons;

  json_parser_load_from_file (parser, json_path, &error);
  g_assert_no_error (error);
  persons = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)), "Persons");
  for (guint i = 0; i < json_array_get_length (persons); i++)
    {
      JsonObject *item = json_array_get_object_element (persons, i);
      JsonObject *person = json_object_get_object_member (item, "Person");
      JsonObject *bb;
      Box box;

      if (!json_object_has_member (person, "BoundingBox"))
        continue;
      bb = json_object_get_object_member (person, "BoundingBox");
      box.timestamp_ms = json_object_get_int_member (item, "Timestamp");
      box.index = json_object_get_int_member (person, "Index");
      box.left = json_object_get_double_member (bb, "Left");
      box.top = json_object_get_double_member (bb, "Top");
      box.width = json_object_get_double_member (bb, "Width");
      box.height = json_object_get_double_member (bb, "Height");
      g_array_append_val (boxes, box);
    }
  return boxes;
}

typedef struct
{
  PvWindow   *window;
  GArray     *boxes;
  GdkTexture *texture;
  guchar     *pixels;
  gsize       stride;
  graphene_rect_t rect;   /* the picture, computed here from the view size and 640x360 */
} Fixture;

static gboolean
have_data (char **video,
           char **json)
{
  const char *dir = g_getenv ("PATHVIEW_SHARED_DATA");

  if (dir == NULL)
    return FALSE;
  *video = g_build_filename (dir, "videos", "shellzu_IMG_3656_lambda.mp4", NULL);
  *json = g_build_filename (dir, "rekognition", "shellzu_IMG_3656_lambda.json", NULL);
  if (!g_file_test (*video, G_FILE_TEST_IS_REGULAR) || !g_file_test (*json, G_FILE_TEST_IS_REGULAR))
    {
      g_clear_pointer (video, g_free);
      g_clear_pointer (json, g_free);
      return FALSE;
    }
  return TRUE;
}

static gboolean
is_ready (gpointer data)
{
  PvWindow *window = data;
  PvPlayer *player = pv_window_get_player (window);

  return player != NULL && pv_player_get_loaded (player) && pv_window_get_timeline (window) != NULL;
}

static gboolean
is_settled (gpointer data)
{
  return !pv_player_get_seeking (data);
}

/* One window on the pair for all the shellzu tests: opening a video costs seconds under the
 * sanitizers. Each test leaves it as it found it; the last one checks it finalises. */
static PvWindow *shared_window;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *video = NULL;
  g_autofree char *json = NULL;
  g_autoptr(GFile) video_file = NULL;
  g_autoptr(GFile) json_file = NULL;
  PvOpenRequest request = { 0 };

  if (!have_data (&video, &json))
    return;

  f->boxes = read_shellzu_boxes (json);
  if (shared_window != NULL)
    {
      f->window = shared_window;
      return;
    }

  video_file = g_file_new_for_path (video);
  json_file = g_file_new_for_path (json);

  f->window = shared_window = pv_window_new (app);
  gtk_window_set_default_size (GTK_WINDOW (f->window), 1000, 700);
  present_and_wait (GTK_WINDOW (f->window));

  request.video = video_file;
  request.results = json_file;
  pv_window_open (f->window, &request);
  iterate_until (is_ready, f->window, "the video and the results");
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->texture);
  if (f->window != NULL)
    {
      PvPersonList *list = PV_PERSON_LIST (find_widget (GTK_WIDGET (f->window), PV_TYPE_PERSON_LIST));
      PvTimelineView *timeline_view;

      /* Everyone shown, whole video in view, for the next test. */
      pv_person_list_set_filter_text (list, "");
      timeline_view = PV_TIMELINE_VIEW (find_widget (GTK_WIDGET (f->window), PV_TYPE_TIMELINE_VIEW));
      pv_timeline_view_set_zoom (timeline_view, 1.0, 0);
    }
  g_clear_pointer (&f->boxes, g_array_unref);
  g_clear_pointer (&f->pixels, g_free);
}

static void
test_window_shellzu_finalize (void)
{
  if (shared_window == NULL)
    {
      g_test_skip ("PATHVIEW_SHARED_DATA has no shellzu pair");
      return;
    }
  /* The player, its pipeline, the timeline and every view go with the window. */
  destroy_and_finalize (g_steal_pointer (&shared_window));
}

/* Renders a widget as it is now, through the window's own renderer. */
static void
render_widget (Fixture   *f,
               GtkWidget *view)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (view);
  g_autoptr(GskRenderNode) node = NULL;
  guint timeout = g_timeout_add_seconds (30, timeout_cb, (gpointer) "the widget to draw");
  int width, height;

  /* Until the view has been laid out and drawn once (the frame clock, not an idle, does that). */
  iterate_idle ();
  for (;;)
    {
      GtkSnapshot *snapshot = gtk_snapshot_new ();

      width = gtk_widget_get_width (view);
      height = gtk_widget_get_height (view);
      gdk_paintable_snapshot (paintable, snapshot, width, height);
      node = gtk_snapshot_free_to_node (snapshot);
      if (node != NULL && width > 0 && height > 0)
        break;
      g_clear_pointer (&node, gsk_render_node_unref);
      g_main_context_iteration (NULL, TRUE);
    }
  g_source_remove (timeout);

  g_clear_object (&f->texture);
  f->texture = gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (f->window)), node,
                                            &GRAPHENE_RECT_INIT (0, 0, width, height));
  g_assert_cmpint (gdk_texture_get_width (f->texture), ==, width);

  g_clear_pointer (&f->pixels, g_free);
  f->stride = width * 4;
  f->pixels = g_malloc (f->stride * height);
  gdk_texture_download (f->texture, f->pixels, f->stride);
}

static void
render_view (Fixture *f)
{
  GtkWidget *view = pv_window_get_video_view (f->window);
  int width, height;
  double x, y, w, h;

  render_widget (f, view);
  width = gdk_texture_get_width (f->texture);
  height = gdk_texture_get_height (f->texture);

  /* The letterbox, from the widget size and the video's 640x360 (square pixels). */
  if ((double) width / height > (double) SHELLZU_WIDTH / SHELLZU_HEIGHT)
    {
      h = height;
      w = height * (double) SHELLZU_WIDTH / SHELLZU_HEIGHT;
    }
  else
    {
      w = width;
      h = width * (double) SHELLZU_HEIGHT / SHELLZU_WIDTH;
    }
  x = (width - w) / 2;
  y = (height - h) / 2;
  graphene_rect_init (&f->rect, x, y, w, h);
}

static void
pixel_at (Fixture *f,
          int      px,
          int      py,
          int     *r,
          int     *g,
          int     *b)
{
  guint32 v;

  g_assert_cmpint (px, >=, 0);
  g_assert_cmpint (py, >=, 0);
  g_assert_cmpint (px, <, gdk_texture_get_width (f->texture));
  g_assert_cmpint (py, <, gdk_texture_get_height (f->texture));
  v = *(guint32 *) (gpointer) (f->pixels + py * f->stride + px * 4);
  *r = (v >> 16) & 0xff;
  *g = (v >> 8) & 0xff;
  *b = v & 0xff;
}

static gboolean
pixel_is_person (Fixture *f,
                 int      px,
                 int      py,
                 gint64   index)
{
  double er, eg, eb;
  int r, g, b;

  pv_palette_color (index, &er, &eg, &eb);
  pixel_at (f, px, py, &r, &g, &b);
  return ABS (r - (int) round (er * 255)) <= 3 && ABS (g - (int) round (eg * 255)) <= 3 &&
         ABS (b - (int) round (eb * 255)) <= 3;
}

static void
seek_to_timestamp (Fixture *f,
                   gint64   timestamp_ms)
{
  PvPlayer *player = pv_window_get_player (f->window);

  pv_player_seek (player, SHELLZU_FIRST_PTS_US + timestamp_ms * 1000);
  iterate_until (is_settled, player, "the seek");
  /* The frame shown is the one for that Timestamp: the first frame is Timestamp 0 at 80 ms. */
  g_assert_cmpint (pv_player_get_frame_pts (player), ==, SHELLZU_FIRST_PTS_US + timestamp_ms * 1000);
}

/* The left and right edges of each box at the Timestamp, half way down, where nothing else is
 * drawn. Returns how many edges were checked. */
static guint
check_edges (Fixture *f,
             gint64   timestamp_ms,
             gint64   only_index,
             gboolean expect_drawn)
{
  guint checked = 0;

  for (guint i = 0; i < f->boxes->len; i++)
    {
      const Box *box = &g_array_index (f->boxes, Box, i);
      double edges[2] = { box->left, box->left + box->width };
      double mid_y = f->rect.origin.y + (box->top + box->height / 2) * f->rect.size.height;

      if (box->timestamp_ms != timestamp_ms || (only_index >= 0 && box->index != only_index))
        continue;

      for (guint e = 0; e < 2; e++)
        {
          double ex = f->rect.origin.x + edges[e] * f->rect.size.width;
          gboolean under_other = FALSE;

          /* An edge on the picture border is half clipped; an edge on another box is ambiguous. */
          if (ex < f->rect.origin.x + 3 || ex > f->rect.origin.x + f->rect.size.width - 3)
            continue;
          for (guint j = 0; j < f->boxes->len; j++)
            {
              const Box *o = &g_array_index (f->boxes, Box, j);
              double ox0 = f->rect.origin.x + o->left * f->rect.size.width;
              double ox1 = ox0 + o->width * f->rect.size.width;

              if (o->timestamp_ms == timestamp_ms && o->index != box->index &&
                  (fabs (ox0 - ex) < 6 || fabs (ox1 - ex) < 6))
                under_other = TRUE;
            }
          if (under_other)
            continue;

          if (pixel_is_person (f, (int) floor (ex), (int) mid_y, box->index) != expect_drawn)
            g_error ("Timestamp %" G_GINT64_FORMAT ": person %" G_GINT64_FORMAT "'s %s edge at (%d,%d) "
                     "is %s", timestamp_ms, box->index, e == 0 ? "left" : "right", (int) floor (ex),
                     (int) mid_y, expect_drawn ? "not drawn" : "still drawn");
          checked++;
        }
    }
  return checked;
}

static void
test_window_boxes_on_frames (Fixture       *f,
                             gconstpointer  data)
{
  /* Sampled Timestamps: early, late, and the two the data's author checked by eye. */
  const gint64 timestamps[] = { 800, 5800, 3000, 11040 };
  guint checked = 0, n;

  if (f->window == NULL)
    {
      g_test_skip ("PATHVIEW_SHARED_DATA has no shellzu pair");
      return;
    }

  g_assert_cmpint (pv_player_get_first_pts (pv_window_get_player (f->window)), ==, SHELLZU_FIRST_PTS_US);
  for (guint i = 0; i < G_N_ELEMENTS (timestamps); i++)
    {
      seek_to_timestamp (f, timestamps[i]);
      render_view (f);
      n = check_edges (f, timestamps[i], -1, TRUE);
      g_assert_cmpuint (n, >, 0);
      checked += n;

      /* The letterbox bars stay black: nothing is drawn into them. */
      if (f->rect.origin.y >= 2)
        for (int px = 0; px < gdk_texture_get_width (f->texture); px += 3)
          {
            int r, g, b;

            pixel_at (f, px, (int) f->rect.origin.y - 2, &r, &g, &b);
            g_assert_cmpint (r + g + b, ==, 0);
          }
    }
  /* Both people at most Timestamps, minus edges on the picture border or on the other box. */
  g_assert_cmpuint (checked, >=, 6);
}

static void
test_window_filter_redraws_paused (Fixture       *f,
                                   gconstpointer  data)
{
  PvPersonList *list;
  PvPlayer *player;
  gint64 pts;

  if (f->window == NULL)
    {
      g_test_skip ("PATHVIEW_SHARED_DATA has no shellzu pair");
      return;
    }

  player = pv_window_get_player (f->window);
  seek_to_timestamp (f, 5520);
  pts = pv_player_get_frame_pts (player);
  render_view (f);
  g_assert_cmpuint (check_edges (f, 5520, 0, TRUE), >, 0);
  g_assert_cmpuint (check_edges (f, 5520, 1, TRUE), >, 0);

  /* Only person 1: person 0's box goes at once, with no new frame decoded. */
  list = PV_PERSON_LIST (find_widget (GTK_WIDGET (f->window), PV_TYPE_PERSON_LIST));
  g_assert_true (pv_person_list_set_filter_text (list, "1"));
  render_view (f);
  g_assert_cmpint (pv_player_get_frame_pts (player), ==, pts);
  g_assert_cmpuint (check_edges (f, 5520, 0, FALSE), >, 0);
  g_assert_cmpuint (check_edges (f, 5520, 1, TRUE), >, 0);

  /* A range that leaves both out, then everyone again. */
  g_assert_true (pv_person_list_set_filter_text (list, "2-9"));
  render_view (f);
  g_assert_cmpuint (check_edges (f, 5520, 1, FALSE), >, 0);
  g_assert_false (pv_person_list_set_filter_text (list, "1,,x"));
  g_assert_true (pv_person_list_set_filter_text (list, ""));
  render_view (f);
  g_assert_cmpuint (check_edges (f, 5520, 0, TRUE), >, 0);
  g_assert_cmpuint (check_edges (f, 5520, 1, TRUE), >, 0);

  /* Hiding one person with the row's toggle. */
  pv_person_list_set_person_visible (list, 0, FALSE);
  render_view (f);
  g_assert_cmpuint (check_edges (f, 5520, 0, FALSE), >, 0);
  g_assert_cmpuint (check_edges (f, 5520, 1, TRUE), >, 0);
}

/* The first widget of @type that can take the focus now. */
static GtkWidget *
find_focusable (GtkWidget *widget,
                GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type) && gtk_widget_get_focusable (widget)
      && gtk_widget_get_mapped (widget))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_focusable (child, type);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* What the window does with a key before the focused widget sees it: its capture-phase shortcut
 * for that key, run as GTK runs it. Returns whether the window took the key. */
static gboolean
press_key (PvWindow *window,
           guint     keyval)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (GTK_WIDGET (window));

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);

      if (!GTK_IS_SHORTCUT_CONTROLLER (controller)
          || gtk_event_controller_get_propagation_phase (controller) != GTK_PHASE_CAPTURE)
        continue;
      for (guint j = 0; j < g_list_model_get_n_items (G_LIST_MODEL (controller)); j++)
        {
          g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (controller), j);
          GtkShortcutTrigger *trigger = gtk_shortcut_get_trigger (shortcut);

          if (GTK_IS_KEYVAL_TRIGGER (trigger)
              && gtk_keyval_trigger_get_keyval (GTK_KEYVAL_TRIGGER (trigger)) == keyval)
            return gtk_shortcut_action_activate (gtk_shortcut_get_action (shortcut),
                                                 GTK_SHORTCUT_ACTION_EXCLUSIVE,
                                                 GTK_WIDGET (window),
                                                 gtk_shortcut_get_arguments (shortcut));
        }
    }
  g_error ("No capture-phase shortcut for key %u", keyval);
  return FALSE;
}

static void
test_window_step_actions (Fixture       *f,
                          gconstpointer  data)
{
  PvPlayer *player;
  gint64 start;

  if (f->window == NULL)
    {
      g_test_skip ("PATHVIEW_SHARED_DATA has no shellzu pair");
      return;
    }

  player = pv_window_get_player (f->window);
  seek_to_timestamp (f, 520);
  start = pv_player_get_frame_pts (player);

  /* 25 fps: each step is 40 ms, forward and back, through the window's own actions. */
  for (int i = 1; i <= 10; i++)
    {
      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "player.step", "i", 1));
      iterate_until (is_settled, player, "a step forward");
      g_assert_cmpint (pv_player_get_frame_pts (player), ==, start + i * 40000);
    }
  for (int i = 9; i >= 0; i--)
    {
      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "player.step", "i", -1));
      iterate_until (is_settled, player, "a step back");
      g_assert_cmpint (pv_player_get_frame_pts (player), ==, start + i * 40000);
    }

  /* ±5 s, and the overlay follows the frame: its boxes are the ones of the new Timestamp. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "player.seek-relative", "d", 5.0));
  iterate_until (is_settled, player, "a seek");
  g_assert_cmpint (pv_player_get_frame_pts (player), ==, start + 5000000);
  render_view (f);
  g_assert_cmpuint (check_edges (f, 5520, -1, TRUE), >, 0);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "player.seek-start", NULL));
  iterate_until (is_settled, player, "a seek to the start");
  g_assert_cmpint (pv_player_get_frame_pts (player), ==, SHELLZU_FIRST_PTS_US);

  /* The keys, with a button focused, as after opening: they act on the player, not the button.
   * End shows the last frame (300 frames at 25 fps), Right moves 5 s, Home goes back. */
  g_assert_true (gtk_widget_grab_focus (find_focusable (GTK_WIDGET (f->window), GTK_TYPE_BUTTON)));
  g_assert_true (press_key (f->window, GDK_KEY_End));
  iterate_until (is_settled, player, "End");
  g_assert_cmpint (pv_player_get_frame_pts (player), ==, SHELLZU_FIRST_PTS_US + 299 * 40000);
  g_assert_true (press_key (f->window, GDK_KEY_Home));
  iterate_until (is_settled, player, "Home");
  g_assert_cmpint (pv_player_get_frame_pts (player), ==, SHELLZU_FIRST_PTS_US);
  g_assert_true (press_key (f->window, GDK_KEY_Right));
  iterate_until (is_settled, player, "Right");
  g_assert_cmpint (pv_player_get_frame_pts (player), ==, SHELLZU_FIRST_PTS_US + 5000000);
  g_assert_true (press_key (f->window, GDK_KEY_period));
  iterate_until (is_settled, player, "a period");
  g_assert_cmpint (pv_player_get_frame_pts (player), ==, SHELLZU_FIRST_PTS_US + 5040000);

  /* In the filter entry the keys are text: the player does not take them. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.focus-filter", NULL));
  g_assert_false (press_key (f->window, GDK_KEY_space));
  g_assert_false (press_key (f->window, GDK_KEY_End));
  g_assert_cmpint (pv_player_get_state (player), ==, PV_PLAYER_STATE_PAUSED);
}

/* The scrubber maps the whole video onto its width: lanes in each person's colour where they were
 * seen, and the playhead on the frame shown. */
static void
test_window_timeline_view (Fixture       *f,
                           gconstpointer  data)
{
  PvTimelineView *view;
  PvPlayer *player;
  gint64 total, t;
  double x, lane_h;
  int width, height, r, g, b;
  guint lane_checked = 0;

  if (f->window == NULL)
    {
      g_test_skip ("PATHVIEW_SHARED_DATA has no shellzu pair");
      return;
    }

  player = pv_window_get_player (f->window);
  view = PV_TIMELINE_VIEW (find_widget (GTK_WIDGET (f->window), PV_TYPE_TIMELINE_VIEW));
  seek_to_timestamp (f, 5520);
  render_widget (f, GTK_WIDGET (view));
  width = gdk_texture_get_width (f->texture);
  height = gdk_texture_get_height (f->texture);

  /* The span is media time 0 to the end of the last frame: first PTS + duration. */
  total = pv_player_get_first_pts (player) + pv_player_get_duration (player);
  g_assert_cmpint (ABS (pv_timeline_view_time_at (view, width / 2.0) - total / 2), <=, 1);
  g_assert_cmpint (pv_timeline_view_time_at (view, 0), ==, 0);
  g_assert_cmpint (pv_timeline_view_time_at (view, width), ==, total);

  /* The playhead: red, at the shown frame's PTS. */
  x = (double) pv_player_get_frame_pts (player) / total * width;
  pixel_at (f, (int) floor (x), height - 3, &r, &g, &b);
  g_assert_cmpint (r, >, 200);
  g_assert_cmpint (g, <, 80);

  /* Each person's lane (both are shown, in Index order, under a 14 px density strip and a 2 px
   * gap, at most 10 px each) has their colour at the Timestamps they were seen. */
  lane_h = MIN (10.0, (height - 16.0) / 2);
  for (guint i = 0; i < f->boxes->len; i += 37)
    {
      const Box *box = &g_array_index (f->boxes, Box, i);

      t = SHELLZU_FIRST_PTS_US + box->timestamp_ms * 1000;
      x = (double) t / total * width;
      if (fabs (x - (double) pv_player_get_frame_pts (player) / total * width) < 4)
        continue;   /* under the playhead */
      g_assert_true (pixel_is_person (f, (int) floor (x), (int) (16 + box->index * lane_h + lane_h / 2 - 0.5),
                                      box->index));
      lane_checked++;
    }
  g_assert_cmpuint (lane_checked, >=, 5);

  /* Zooming keeps the time under the pointer where it is. */
  t = pv_timeline_view_time_at (view, width / 4.0);
  pv_timeline_view_set_zoom (view, 4.0, t);
  g_assert_cmpint (ABS (pv_timeline_view_time_at (view, width / 4.0) - t), <=, total / width + 1);
  g_assert_cmpint (pv_timeline_view_time_at (view, width) - pv_timeline_view_time_at (view, 0), <=, total / 4 + 1);
}

/* The result's warnings are one click away: a window listing each, with where it was. */
static void
test_window_warnings (Fixture       *f,
                      gconstpointer  data)
{
  GPtrArray *warnings;
  GtkWindow *list_window = NULL;
  GtkWidget *list;
  guint rows = 0;
  GListModel *toplevels;

  if (f->window == NULL)
    {
      g_test_skip ("PATHVIEW_SHARED_DATA has no shellzu pair");
      return;
    }

  warnings = pv_result_get_warnings (pv_timeline_get_result (pv_window_get_timeline (f->window)));
  g_assert_cmpuint (warnings->len, >, 0);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.show-warnings", NULL));

  toplevels = gtk_window_get_toplevels ();
  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) w = g_list_model_get_item (toplevels, i);

      if (gtk_window_get_transient_for (w) == GTK_WINDOW (f->window) &&
          g_strcmp0 (gtk_window_get_title (w), "Warnings") == 0)
        list_window = w;
    }
  g_assert_nonnull (list_window);
  list = find_widget (GTK_WIDGET (list_window), GTK_TYPE_LIST_BOX);
  g_assert_nonnull (list);
  for (GtkWidget *row = gtk_widget_get_first_child (list); row; row = gtk_widget_get_next_sibling (row))
    if (ADW_IS_ACTION_ROW (row))
      rows++;
  g_assert_cmpuint (rows, ==, warnings->len);
  gtk_window_destroy (list_window);
}

/* The preferences change the same GSettings keys the view draws with. */
static void
test_window_preferences (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  GtkWidget *view;
  GtkWindow *preferences;
  gboolean shown = TRUE;

  if (f->window == NULL)
    {
      g_test_skip ("PATHVIEW_SHARED_DATA has no shellzu pair");
      return;
    }

  view = pv_window_get_video_view (f->window);
  g_action_group_activate_action (G_ACTION_GROUP (app), "preferences", NULL);
  preferences = find_toplevel (PV_TYPE_PREFERENCES);
  g_assert_nonnull (preferences);

  g_settings_set_boolean (settings, "show-boxes", FALSE);
  g_object_get (view, "show-boxes", &shown, NULL);
  g_assert_false (shown);
  /* With boxes off the edges are gone from the frame at once. */
  seek_to_timestamp (f, 800);
  render_view (f);
  g_assert_cmpuint (check_edges (f, 800, -1, FALSE), >, 0);

  /* The menu's toggle is the same key. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "view.show-boxes", NULL));
  g_assert_true (g_settings_get_boolean (settings, "show-boxes"));
  render_view (f);
  g_assert_cmpuint (check_edges (f, 800, -1, TRUE), >, 0);

  gtk_window_destroy (preferences);
  g_settings_reset (settings, "show-boxes");
}

static void
store_result (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

/* The current frame at the video's own size, decoded again and drawn by the shared renderer (the
 * frame on screen is scaled to the window): its box edges sit at the JSON's ratios times 640x360,
 * with no letterbox. */
static void
test_window_export_current_frame (Fixture       *f,
                                  gconstpointer  data)
{
  g_autoptr(GFile) output = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  cairo_surface_t *png;
  const guint8 *pixels;
  int stride;
  guint checked = 0;
  GtkWidget *dialog = NULL;
  GListModel *toplevels;
  g_autoptr(PvExporter) exporter = NULL;
  g_autoptr(GAsyncResult) result = NULL;

  if (f->window == NULL)
    {
      g_test_skip ("PATHVIEW_SHARED_DATA has no shellzu pair");
      return;
    }

  seek_to_timestamp (f, 800);
  dir = g_dir_make_tmp ("pathview-export-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (dir, "frame.png", NULL);
  output = g_file_new_for_path (path);
  exporter = pv_export_current_frame_new (pv_window_get_player (f->window), pv_window_get_timeline (f->window),
                                          pv_video_view_get_style (PV_VIDEO_VIEW (pv_window_get_video_view (f->window))),
                                          output);
  pv_exporter_run_async (exporter, NULL, store_result, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (pv_exporter_run_finish (exporter, result, &error));
  g_assert_no_error (error);

  png = cairo_image_surface_create_from_png (path);
  g_assert_cmpint (cairo_surface_status (png), ==, CAIRO_STATUS_SUCCESS);
  g_assert_cmpint (cairo_image_surface_get_width (png), ==, SHELLZU_WIDTH);
  g_assert_cmpint (cairo_image_surface_get_height (png), ==, SHELLZU_HEIGHT);
  pixels = cairo_image_surface_get_data (png);
  stride = cairo_image_surface_get_stride (png);

  for (guint i = 0; i < f->boxes->len; i++)
    {
      const Box *box = &g_array_index (f->boxes, Box, i);
      double er, eg, eb;
      guint32 v;
      int px, py;

      if (box->timestamp_ms != 800)
        continue;
      pv_palette_color (box->index, &er, &eg, &eb);
      px = (int) floor (box->left * SHELLZU_WIDTH);
      py = (int) ((box->top + box->height / 2) * SHELLZU_HEIGHT);
      v = *(const guint32 *) (gconstpointer) (pixels + py * stride + px * 4);
      g_assert_cmpint (ABS ((int) ((v >> 16) & 0xff) - (int) round (er * 255)), <=, 3);
      g_assert_cmpint (ABS ((int) ((v >> 8) & 0xff) - (int) round (eg * 255)), <=, 3);
      g_assert_cmpint (ABS ((int) (v & 0xff) - (int) round (eb * 255)), <=, 3);
      checked++;
    }
  g_assert_cmpuint (checked, ==, 2);
  cairo_surface_destroy (png);
  g_assert_true (g_file_delete (output, NULL, NULL));
  g_assert_cmpint (g_rmdir (dir), ==, 0);

  /* Ctrl+E's action opens the export dialog over the window. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.export", NULL));
  toplevels = gtk_window_get_toplevels ();
  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWidget) w = g_list_model_get_item (toplevels, i);

      if (PV_IS_EXPORT_DIALOG (w))
        dialog = w;
    }
  g_assert_nonnull (dialog);
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (dialog)) == GTK_WINDOW (f->window));
  gtk_window_destroy (GTK_WINDOW (dialog));

  /* An error toast's Details button shows the whole message, which the one-line toast cuts. */
  dialog = NULL;
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.show-details", "(ss)",
                                             "Could not play the video",
                                             "“/tmp/gone.mp4” does not exist"));
  toplevels = gtk_window_get_toplevels ();
  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWidget) w = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (w))
        dialog = w;
    }
  g_assert_nonnull (dialog);
  g_assert_cmpstr (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (dialog)), ==,
                   "Could not play the video");
  g_assert_cmpstr (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (dialog)), ==,
                   "“/tmp/gone.mp4” does not exist");
  gtk_window_destroy (GTK_WINDOW (dialog));
}

/* A made clip with a stored rotation or non-square pixels, one person moving right by 1% of the
 * width per frame: the box lands where the displayed size and the letterbox say, on the frame
 * sought (the clip's first PTS is 0, so Timestamp = frame × 40 ms). */
static void
check_clip_display (const ClipSpec *spec,
                    double          display_width,
                    double          display_height)
{
  g_autoptr(Clip) clip = make_clip (tmpdir, spec);
  g_autofree char *json_path = g_build_filename (tmpdir, "clip-job.json", NULL);
  g_autoptr(GString) json = g_string_new ("{\"Persons\":[");
  g_autoptr(GFile) video = g_file_new_for_path (clip->path);
  g_autoptr(GFile) results = NULL;
  PvOpenRequest request = { 0 };
  Fixture f = { 0 };
  PvPlayer *player;
  double ex, mid_y;
  const int frame = 12;

  for (int i = 0; i < spec->n_frames; i++)
    g_string_append_printf (json, "%s{\"Timestamp\":%d,\"Person\":{\"Index\":4,\"BoundingBox\":"
                            "{\"Width\":0.3,\"Height\":0.4,\"Left\":%d.%02d,\"Top\":0.3}}}",
                            i ? "," : "", i * 1000 * spec->fps_d / spec->fps_n, 0, 10 + i);
  g_string_append (json, "]}");
  g_assert_true (g_file_set_contents (json_path, json->str, json->len, NULL));
  results = g_file_new_for_path (json_path);

  f.window = pv_window_new (app);
  gtk_window_set_default_size (GTK_WINDOW (f.window), 900, 700);
  present_and_wait (GTK_WINDOW (f.window));
  request.video = video;
  request.results = results;
  pv_window_open (f.window, &request);
  iterate_until (is_ready, f.window, "the made clip and its results");

  player = pv_window_get_player (f.window);
  g_assert_cmpint (pv_player_get_first_pts (player), ==, PTS (clip, 0));
  pv_player_seek (player, PTS (clip, frame));
  iterate_until (is_settled, player, "the seek");
  g_assert_cmpint (pv_player_get_frame_pts (player), ==, PTS (clip, frame));

  render_widget (&f, pv_window_get_video_view (f.window));
  {
    int width = gdk_texture_get_width (f.texture), height = gdk_texture_get_height (f.texture);
    double w, h;

    if ((double) width / height > display_width / display_height)
      {
        h = height;
        w = height * display_width / display_height;
      }
    else
      {
        w = width;
        h = width * display_height / display_width;
      }
    graphene_rect_init (&f.rect, (width - w) / 2, (height - h) / 2, w, h);
  }

  /* Left edge at 0.10 + frame/100, right edge 0.3 further, half way down the box. */
  mid_y = f.rect.origin.y + 0.5 * f.rect.size.height;
  ex = f.rect.origin.x + (0.10 + frame / 100.0) * f.rect.size.width;
  g_assert_true (pixel_is_person (&f, (int) floor (ex), (int) mid_y, 4));
  ex += 0.3 * f.rect.size.width;
  g_assert_true (pixel_is_person (&f, (int) floor (ex), (int) mid_y, 4));
  /* The neighbouring frames' edges are 1% away: not drawn. */
  g_assert_false (pixel_is_person (&f, (int) floor (ex + 0.01 * f.rect.size.width), (int) mid_y, 4));

  /* The bars beside or above the picture stay black. */
  if (f.rect.origin.x >= 2)
    {
      int r, g, b;

      pixel_at (&f, (int) f.rect.origin.x - 2, (int) mid_y, &r, &g, &b);
      g_assert_cmpint (r + g + b, ==, 0);
    }

  g_clear_object (&f.texture);
  g_clear_pointer (&f.pixels, g_free);
  destroy_and_finalize (f.window);
  g_unlink (json_path);
  g_unlink (clip->path);
}

static void
test_window_rotated_clip (void)
{
  /* 320x240 stored with a 90° matrix, as phones store portrait: shown 240x320. */
  static const ClipSpec spec = { "window-rotated.mp4", 320, 240, 25, 1, 1, 1, 20, 0, TRUE, FALSE };

  check_clip_display (&spec, 240, 320);
}

static void
test_window_pixel_aspect_clip (void)
{
  /* 320x240 stored with 16:11 pixels: shown 320×16/11 wide. */
  static const ClipSpec spec = { "window-par.mp4", 320, 240, 25, 1, 16, 11, 20, 0, FALSE, FALSE };

  check_clip_display (&spec, 320 * 16.0 / 11.0, 240);
}

/* The sidebar and the missing video */

/* A widget under root that is mapped and of the type: the first one of a type may be on a
 * page not shown (the empty state's status page, say). */
static GtkWidget *
find_mapped_widget (GtkWidget *root,
                    GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (root, type) && gtk_widget_get_mapped (root))
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_mapped_widget (child, type);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static GtkWidget *
find_button_with_action (GtkWidget  *root,
                         const char *action_name)
{
  if (GTK_IS_ACTIONABLE (root) &&
      g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (root)), action_name) == 0)
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_button_with_action (child, action_name);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static GtkWidget *
find_toggle_with_icon (GtkWidget  *root,
                       const char *icon_name)
{
  if (GTK_IS_TOGGLE_BUTTON (root) &&
      g_strcmp0 (gtk_button_get_icon_name (GTK_BUTTON (root)), icon_name) == 0)
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_toggle_with_icon (child, icon_name);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static gboolean
has_timeline (gpointer data)
{
  return pv_window_get_timeline (data) != NULL;
}

static gboolean
is_unfolded (gpointer data)
{
  return !adw_flap_get_folded (data);
}

static gboolean
shows_video_error (gpointer data)
{
  return find_mapped_widget (data, ADW_TYPE_STATUS_PAGE) != NULL;
}

static gboolean
is_unmapped (gpointer data)
{
  return !gtk_widget_get_mapped (data);
}

/* The demo's results, with a video that is not where they say it is: opens in a moment, and
 * leaves the window with people but no video. */
static PvWindow *
open_with_missing_video (int    width,
                         int    height,
                         char **json_path,
                         char **missing_path)
{
  g_autoptr(GFile) results = NULL;
  g_autoptr(GFile) missing = NULL;
  PvOpenRequest request = { 0 };
  PvWindow *window;

  *json_path = g_test_build_filename (G_TEST_DIST, "..", "data", "demo", "jobs",
                                      "pathview-demo-pets09.json", NULL);
  /* In a folder that exists, so that Locate Video… can start there. */
  *missing_path = g_build_filename (tmpdir, "moved-away.mp4", NULL);
  g_assert_false (g_file_test (*missing_path, G_FILE_TEST_EXISTS));
  results = g_file_new_for_path (*json_path);
  missing = g_file_new_for_path (*missing_path);

  window = pv_window_new (app);
  gtk_window_set_default_size (GTK_WINDOW (window), width, height);
  present_and_wait (GTK_WINDOW (window));
  request.video = missing;
  request.results = results;
  pv_window_open (window, &request);
  iterate_until (has_timeline, window, "the results of a video that is missing");
  iterate_until (shows_video_error, window, "the video area to say the video is missing");
  iterate_idle ();
  return window;
}

/* The class's F9 binding names the action, as the shortcuts window says. */
static gboolean
has_key_binding (GtkWidget  *widget,
                 guint       keyval,
                 const char *action_name)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);
  g_autoptr(GtkShortcutTrigger) wanted = gtk_keyval_trigger_new (keyval, 0);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (!GTK_IS_SHORTCUT_CONTROLLER (controller))
        continue;
      for (guint j = 0; j < g_list_model_get_n_items (G_LIST_MODEL (controller)); j++)
        {
          g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (controller), j);
          GtkShortcutAction *action = gtk_shortcut_get_action (shortcut);

          if (gtk_shortcut_trigger_equal (gtk_shortcut_get_trigger (shortcut), wanted) &&
              GTK_IS_NAMED_ACTION (action) &&
              g_strcmp0 (gtk_named_action_get_action_name (GTK_NAMED_ACTION (action)),
                         action_name) == 0)
            return TRUE;
        }
    }
  return FALSE;
}

static gboolean
shortcuts_window_lists (GtkWidget  *root,
                        const char *accelerator)
{
  g_autofree char *value = NULL;

  if (GTK_IS_SHORTCUTS_SHORTCUT (root))
    {
      g_object_get (root, "accelerator", &value, NULL);
      if (g_strcmp0 (value, accelerator) == 0)
        return TRUE;
    }
  for (GtkWidget *child = gtk_widget_get_first_child (root); child;
       child = gtk_widget_get_next_sibling (child))
    if (shortcuts_window_lists (child, accelerator))
      return TRUE;
  return FALSE;
}

/* At phone width (360 px, GNOME's smallest) the person list folds over the video instead of
 * squeezing it, and the header bar's toggle (F9) brings it out; wide, they sit side by side. */
static void
test_window_sidebar_folds (void)
{
  GtkSettings *settings = gtk_settings_get_default ();
  g_autofree char *old_layout = NULL;
  g_autofree char *json = NULL;
  g_autofree char *missing = NULL;
  gboolean old_animations;
  PvWindow *window;
  AdwFlap *flap;
  GtkWidget *content, *list, *toggle, *entry;
  GtkShortcutsWindow *help;
  int minimum, flap_width;

  /* GNOME's title bar has only a close button (Xvfb's default adds two), and without
   * animations the flap is where it goes at once. */
  g_object_get (settings, "gtk-decoration-layout", &old_layout, "gtk-enable-animations",
                &old_animations, NULL);
  g_object_set (settings, "gtk-decoration-layout", ":close", "gtk-enable-animations", FALSE, NULL);

  window = open_with_missing_video (360, 640, &json, &missing);
  flap = ADW_FLAP (find_widget (GTK_WIDGET (window), ADW_TYPE_FLAP));
  g_assert_nonnull (flap);
  content = adw_flap_get_content (flap);
  list = adw_flap_get_flap (flap);
  g_assert_true (PV_IS_PERSON_LIST (list));

  /* All of the window fits in 360 px. */
  gtk_widget_measure (adw_application_window_get_content (ADW_APPLICATION_WINDOW (window)),
                      GTK_ORIENTATION_HORIZONTAL, -1, &minimum, NULL, NULL, NULL);
  g_assert_cmpint (minimum, <=, 360);

  /* Folded and hidden: the video area has the whole width. */
  g_assert_true (adw_flap_get_folded (flap));
  g_assert_false (adw_flap_get_reveal_flap (flap));
  flap_width = gtk_widget_get_width (GTK_WIDGET (flap));
  g_assert_cmpint (flap_width, >, 0);
  g_assert_cmpint (flap_width, <=, 360);
  g_assert_cmpint (gtk_widget_get_width (content), ==, flap_width);
  g_assert_false (gtk_widget_get_mapped (list));

  /* The toggle shows it over the video, which keeps its width; the toggle follows. */
  toggle = find_toggle_with_icon (GTK_WIDGET (window), "sidebar-show-symbolic");
  g_assert_nonnull (toggle);
  g_assert_true (gtk_widget_get_mapped (toggle));
  g_assert_false (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (toggle)));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.toggle-sidebar", NULL));
  g_assert_true (adw_flap_get_reveal_flap (flap));
  g_assert_true (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (toggle)));
  iterate_until (is_mapped, list, "the person list to come out");
  g_assert_cmpint (gtk_widget_get_width (content), ==, gtk_widget_get_width (GTK_WIDGET (flap)));

  /* Pressing the toggle hides it again. */
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (toggle), FALSE);
  g_assert_false (adw_flap_get_reveal_flap (flap));
  iterate_until (is_unmapped, list, "the person list to go away");

  /* Ctrl+F's filter is in the list: the list comes out for it. Picking a person there puts it
   * away again, to show that person in the video. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.focus-filter", NULL));
  g_assert_true (adw_flap_get_reveal_flap (flap));
  iterate_until (is_mapped, list, "the person list to come out for the filter");

  /* Escape in the filter (the entry's own "stop-search" binding) first clears it; in the empty
   * filter it puts the folded list away. */
  entry = find_widget (list, GTK_TYPE_SEARCH_ENTRY);
  g_assert_nonnull (entry);
  gtk_editable_set_text (GTK_EDITABLE (entry), "1,3");
  g_signal_emit_by_name (entry, "stop-search");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, "");
  g_assert_true (adw_flap_get_reveal_flap (flap));
  g_signal_emit_by_name (entry, "stop-search");
  g_assert_false (adw_flap_get_reveal_flap (flap));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.focus-filter", NULL));
  g_assert_true (adw_flap_get_reveal_flap (flap));
  g_signal_emit_by_name (list, "person-activated", (gint64) 1);
  g_assert_false (adw_flap_get_reveal_flap (flap));
  g_assert_cmpint (pv_video_view_get_selected_index (
                     PV_VIDEO_VIEW (pv_window_get_video_view (window))), ==, 1);

  /* F9 is bound to it, and the shortcuts window says so. */
  g_assert_true (has_key_binding (GTK_WIDGET (window), GDK_KEY_F9, "win.toggle-sidebar"));
  help = gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (window));
  g_assert_nonnull (help);
  g_assert_true (shortcuts_window_lists (GTK_WIDGET (help), "F9"));

  /* Wide: side by side, the list shown, neither overlapping the other. */
  gtk_window_set_default_size (GTK_WINDOW (window), 1200, 700);
  iterate_until (is_unfolded, flap, "the person list to unfold");
  iterate_idle ();
  g_assert_true (adw_flap_get_reveal_flap (flap));
  g_assert_true (gtk_widget_get_mapped (list));
  g_assert_cmpint (gtk_widget_get_width (list), >=, 280);
  g_assert_cmpint (gtk_widget_get_width (content), >=, 320);
  g_assert_cmpint (gtk_widget_get_width (list) + gtk_widget_get_width (content), <=,
                   gtk_widget_get_width (GTK_WIDGET (flap)));

  destroy_and_finalize (window);
  g_object_set (settings, "gtk-decoration-layout", old_layout, "gtk-enable-animations",
                old_animations, NULL);
}

static gboolean
is_loaded (gpointer data)
{
  PvPlayer *player = pv_window_get_player (data);

  return player != NULL && pv_player_get_loaded (player);
}

static gboolean
has_current_folder (gpointer data)
{
  g_autoptr(GFile) folder = gtk_file_chooser_get_current_folder (data);

  return folder != NULL;
}

static PvTimeline *old_timeline;

static gboolean
has_new_timeline (gpointer data)
{
  PvTimeline *timeline = pv_window_get_timeline (data);

  return timeline != NULL && timeline != old_timeline;
}

static gboolean
has_chosen_file (gpointer data)
{
  g_autoptr(GFile) file = gtk_file_chooser_get_file (data);

  return file != NULL;
}

/* Results whose video was moved away: the people are listed all the same, and the video's place
 * says the video is missing and offers to locate it; once located, it plays with them. */
static void
test_window_missing_video (void)
{
  g_autofree char *json = NULL;
  g_autofree char *missing = NULL;
  g_autofree char *video = g_test_build_filename (G_TEST_DIST, "..", "data", "demo",
                                                  "pets09-s2l1.mp4", NULL);
  g_autofree char *missing_name = NULL;
  g_autoptr(GFile) video_file = g_file_new_for_path (video);
  g_autoptr(GFile) folder = NULL;
  g_autoptr(GFile) expected_folder = NULL;
  PvWindow *window;
  GtkWidget *list, *list_view, *status, *locate;
  g_autoptr(GFile) results_file = NULL;
  g_autoptr(GFile) empty_file = NULL;
  g_autofree char *empty_path = NULL;
  PvOpenRequest request = { 0 };
  GtkWindow *chooser;
  GListModel *people;
  guint expected;

  window = open_with_missing_video (1000, 700, &json, &missing);
  expected = count_indexes (json);
  g_assert_cmpuint (expected, >, 0);
  results_file = g_file_new_for_path (json);

  /* Every person in the file is in the list, which is on screen. */
  list = find_widget (GTK_WIDGET (window), PV_TYPE_PERSON_LIST);
  g_assert_true (gtk_widget_get_mapped (list));
  list_view = find_widget (list, GTK_TYPE_LIST_VIEW);
  people = G_LIST_MODEL (gtk_list_view_get_model (GTK_LIST_VIEW (list_view)));
  g_assert_nonnull (people);
  g_assert_cmpuint (g_list_model_get_n_items (people), ==, expected);

  /* The video area says what is wrong, naming the file, and offers to find it. */
  g_assert_false (gtk_widget_get_mapped (pv_window_get_video_view (window)));
  status = find_mapped_widget (GTK_WIDGET (window), ADW_TYPE_STATUS_PAGE);
  g_assert_nonnull (status);
  g_assert_cmpstr (adw_status_page_get_title (ADW_STATUS_PAGE (status)), ==, "Video Not Found");
  missing_name = g_path_get_basename (missing);
  g_assert_nonnull (g_strrstr (adw_status_page_get_description (ADW_STATUS_PAGE (status)),
                               missing_name));
  locate = find_button_with_action (status, "win.locate-video");
  g_assert_nonnull (locate);
  g_assert_true (gtk_widget_get_mapped (locate));
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (locate)), ==, "_Locate Video…");

  /* Results opened again while the video is still missing are read, not kept for a video that
   * will never load. */
  old_timeline = g_object_ref (pv_window_get_timeline (window));  /* its address stays taken */
  request.results = results_file;
  pv_window_open (window, &request);
  iterate_until (has_new_timeline, window, "the results opened again");
  g_clear_object (&old_timeline);
  people = G_LIST_MODEL (gtk_list_view_get_model (GTK_LIST_VIEW (list_view)));
  g_assert_cmpuint (g_list_model_get_n_items (people), ==, expected);

  /* Locate Video… starts where the video was, and what is chosen there plays with the people. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.locate-video", NULL));
  chooser = find_toplevel (GTK_TYPE_FILE_CHOOSER_DIALOG);
  g_assert_nonnull (chooser);
  g_assert_true (gtk_window_get_transient_for (chooser) == GTK_WINDOW (window));
  iterate_until (has_current_folder, chooser, "the file chooser's folder");
  folder = gtk_file_chooser_get_current_folder (GTK_FILE_CHOOSER (chooser));
  expected_folder = g_file_new_for_path (tmpdir);
  g_assert_true (g_file_equal (folder, expected_folder));
  g_assert_true (gtk_file_chooser_set_file (GTK_FILE_CHOOSER (chooser), video_file, NULL));
  /* The chooser selects it once it has read the folder. */
  iterate_until (has_chosen_file, chooser, "the file chooser to select the video");
  gtk_dialog_response (GTK_DIALOG (chooser), GTK_RESPONSE_ACCEPT);

  iterate_until (is_loaded, window, "the located video");
  iterate_until (is_mapped, pv_window_get_video_view (window), "the located video to show");
  g_assert_true (g_file_equal (pv_player_get_file (pv_window_get_player (window)), video_file));
  g_assert_null (find_mapped_widget (GTK_WIDGET (window), ADW_TYPE_STATUS_PAGE));
  people = G_LIST_MODEL (gtk_list_view_get_model (GTK_LIST_VIEW (list_view)));
  g_assert_cmpuint (g_list_model_get_n_items (people), ==, expected);

  /* A video that is there but cannot be played says so, and offers another; the people stay. */
  empty_path = g_build_filename (tmpdir, "empty.mp4", NULL);
  g_assert_true (g_file_set_contents (empty_path, "", 0, NULL));
  empty_file = g_file_new_for_path (empty_path);
  request.results = NULL;
  request.video = empty_file;
  pv_window_open (window, &request);
  iterate_until (shows_video_error, window, "the video area to say the video cannot be played");
  status = find_mapped_widget (GTK_WIDGET (window), ADW_TYPE_STATUS_PAGE);
  g_assert_cmpstr (adw_status_page_get_title (ADW_STATUS_PAGE (status)), ==,
                   "Cannot Play the Video");
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (locate)), ==, "_Choose Another Video…");
  g_assert_false (gtk_widget_get_mapped (pv_window_get_video_view (window)));
  people = G_LIST_MODEL (gtk_list_view_get_model (GTK_LIST_VIEW (list_view)));
  g_assert_cmpuint (g_list_model_get_n_items (people), ==, expected);

  destroy_and_finalize (window);
  g_assert_cmpint (g_unlink (empty_path), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *cache_dir = NULL;
  int ret;

  /* Fetched jobs are cached: keep them out of the user's cache, and start each run without one. */
  tmpdir = g_dir_make_tmp ("pathview-window-XXXXXX", NULL);
  cache_dir = g_build_filename (tmpdir, "cache", NULL);
  g_setenv ("XDG_CACHE_HOME", cache_dir, TRUE);

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  gst_init (NULL, NULL);

  app = pv_application_new ();
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_application_register (G_APPLICATION (app), NULL, NULL);

  g_test_add_func ("/window/empty-state", test_window_empty_state);
  g_test_add_func ("/window/remembers-size", test_window_remembers_size);
  g_test_add_func ("/window/open-dialog", test_window_open_dialog);
  g_test_add_func ("/window/job/analysis-running", test_window_job_analysis_running);
  g_test_add_func ("/window/job/configured-endpoint", test_window_job_configured_endpoint);
  g_test_add_func ("/window/job/configured-endpoint-cached",
                   test_window_job_configured_endpoint_cached);
  g_test_add_func ("/window/clip/rotated", test_window_rotated_clip);
  g_test_add_func ("/window/clip/pixel-aspect", test_window_pixel_aspect_clip);
  g_test_add_func ("/application/command-line", test_application_command_line);
  g_test_add_func ("/window/sidebar/folds", test_window_sidebar_folds);
  g_test_add_func ("/window/missing-video", test_window_missing_video);
  g_test_add ("/window/shellzu/boxes-on-frames", Fixture, NULL,
              fixture_set_up, test_window_boxes_on_frames, fixture_tear_down);
  g_test_add ("/window/shellzu/filter-redraws-paused", Fixture, NULL,
              fixture_set_up, test_window_filter_redraws_paused, fixture_tear_down);
  g_test_add ("/window/shellzu/step-actions", Fixture, NULL,
              fixture_set_up, test_window_step_actions, fixture_tear_down);

  g_test_add ("/window/shellzu/timeline-view", Fixture, NULL,
              fixture_set_up, test_window_timeline_view, fixture_tear_down);
  g_test_add ("/window/shellzu/warnings", Fixture, NULL,
              fixture_set_up, test_window_warnings, fixture_tear_down);
  g_test_add ("/window/shellzu/preferences", Fixture, NULL,
              fixture_set_up, test_window_preferences, fixture_tear_down);
  g_test_add ("/window/shellzu/export-current-frame", Fixture, NULL,
              fixture_set_up, test_window_export_current_frame, fixture_tear_down);

  g_test_add_func ("/window/shellzu/finalize", test_window_shellzu_finalize);

  ret = g_test_run ();
  pv_test_remove_tree (tmpdir);
  g_free (tmpdir);
  g_clear_object (&app);
  return ret;
}
