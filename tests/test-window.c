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
#include "pv-export-dialog.h"
#include "pv-overlay.h"
#include "pv-palette.h"
#include "pv-person-list.h"
#include "pv-video-view.h"
#include "pv-window.h"

/* GLib and GStreamer are built without frame pointers: with the fast unwinder a leak report
 * stops at g_malloc, and the suppressions in lsan.supp (GLib's quark table, grown when GStreamer
 * initialises) cannot match. Eight frames reach them and keep the slow unwinder affordable.
 * Read by ASan at start-up; ASAN_OPTIONS still wins. */
const char *__asan_default_options (void);

const char *
__asan_default_options (void)
{
  return "fast_unwind_on_malloc=0:malloc_context_size=8";
}

/* One application for the whole program, as in the real one: it owns its D-Bus path. */
static PvApplication *app;

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
  video_file = g_file_new_for_path (video);
  json_file = g_file_new_for_path (json);

  f->window = pv_window_new (app);
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
    destroy_and_finalize (f->window);
  g_clear_pointer (&f->boxes, g_array_unref);
  g_clear_pointer (&f->pixels, g_free);
}

/* Renders the video view as it is now, through the window's own renderer. */
static void
render_view (Fixture *f)
{
  GtkWidget *view = pv_window_get_video_view (f->window);
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (view);
  g_autoptr(GskRenderNode) node = NULL;
  guint timeout = g_timeout_add_seconds (30, timeout_cb, (gpointer) "the video view to draw");
  int width, height;
  double x, y, w, h;

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
}

/* The current frame at the video's own size, drawn by the screen's renderer: its box edges sit
 * at the JSON's ratios times 640x360, with no letterbox. */
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
  g_assert_true (pv_export_current_frame (pv_window_get_player (f->window), pv_window_get_timeline (f->window),
                                          pv_video_view_get_style (PV_VIDEO_VIEW (pv_window_get_video_view (f->window))),
                                          output, &error));
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
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  app = pv_application_new ();
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_application_register (G_APPLICATION (app), NULL, NULL);

  g_test_add_func ("/window/empty-state", test_window_empty_state);
  g_test_add_func ("/window/remembers-size", test_window_remembers_size);
  g_test_add ("/window/shellzu/boxes-on-frames", Fixture, NULL,
              fixture_set_up, test_window_boxes_on_frames, fixture_tear_down);
  g_test_add ("/window/shellzu/filter-redraws-paused", Fixture, NULL,
              fixture_set_up, test_window_filter_redraws_paused, fixture_tear_down);
  g_test_add ("/window/shellzu/step-actions", Fixture, NULL,
              fixture_set_up, test_window_step_actions, fixture_tear_down);

  g_test_add ("/window/shellzu/export-current-frame", Fixture, NULL,
              fixture_set_up, test_window_export_current_frame, fixture_tear_down);

  ret = g_test_run ();
  g_clear_object (&app);
  return ret;
}
