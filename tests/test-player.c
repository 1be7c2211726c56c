/* test-player.c
 *
 * Copyright 2026 The Pathview authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>

#include "pv-player.h"
#include "test-clip.h"

static char *tmpdir;

static const ClipSpec spec_25 = { "c25.mp4", 320, 240, 25, 1, 1, 1, 60, 0, FALSE };
static const ClipSpec spec_2997 = { "c2997.mp4", 320, 240, 30000, 1001, 1, 1, 60, 0, FALSE };
/* B-frames delay the first PTS (mp4mux writes no edit list to undo it), like the shellzu clip. */
static const ClipSpec spec_offset = { "offset.mp4", 320, 240, 25, 1, 1, 1, 40, 2, FALSE };
static const ClipSpec spec_rotated = { "rotated.mp4", 320, 240, 25, 1, 1, 1, 30, 0, TRUE };
static const ClipSpec spec_par = { "par.mp4", 320, 240, 25, 1, 16, 11, 30, 0, FALSE };

/* The frame whose PTS is nearest @t; exactly half-way, the later one (the documented rule). */
static guint
expected_frame (const Clip *clip,
                gint64      t)
{
  guint best = 0;

  for (guint i = 1; i < clip->pts->len; i++)
    {
      gint64 d_best = ABS (PTS (clip, best) - t);
      gint64 d = ABS (PTS (clip, i) - t);

      if (d <= d_best)
        best = i;
    }
  return best;
}

/* Reading the player */

static gboolean
timeout_cb (gpointer data)
{
  g_error ("Timed out waiting for the player (%s)", (const char *) data);
  return G_SOURCE_REMOVE;
}

static void
on_error_store (PvPlayer     *player,
                const GError *error,
                GError      **out)
{
  g_assert_null (*out);
  *out = g_error_copy (error);
}

static void
iterate_until (gboolean   (*done) (PvPlayer *player),
               PvPlayer    *player,
               const char  *what)
{
  guint id = g_timeout_add_seconds (30, timeout_cb, (gpointer) what);

  while (!done (player))
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (id);
}

static gboolean
is_loaded (PvPlayer *player)
{
  return pv_player_get_loaded (player) || pv_player_get_state (player) == PV_PLAYER_STATE_ERROR;
}

static gboolean
is_settled (PvPlayer *player)
{
  return !pv_player_get_seeking (player);
}

static PvPlayer *
open_clip (const char *path)
{
  PvPlayer *player = pv_player_new ();
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  gulong id;

  id = g_signal_connect (player, "error", G_CALLBACK (on_error_store), &error);
  pv_player_open (player, file);
  iterate_until (is_loaded, player, "load");
  g_assert_no_error (error);
  g_signal_handler_disconnect (player, id);
  g_assert_true (pv_player_get_loaded (player));
  g_assert_cmpint (pv_player_get_state (player), ==, PV_PLAYER_STATE_PAUSED);

  return player;
}

static void
seek_and_wait (PvPlayer *player,
               gint64    t)
{
  pv_player_seek (player, t);
  iterate_until (is_settled, player, "seek");
}

static void
step_and_wait (PvPlayer *player,
               int       frames)
{
  pv_player_step (player, frames);
  iterate_until (is_settled, player, "step");
}

/* The frame number painted into the shown frame. */
static guint
read_code (PvPlayer *player,
           Rotation  rotation,
           int       src_width,
           int       src_height)
{
  GdkTexture *texture = pv_player_get_texture (player);
  g_autofree guint8 *pixels = NULL;
  int tw, th;
  gsize stride;

  g_assert_nonnull (texture);
  tw = gdk_texture_get_width (texture);
  th = gdk_texture_get_height (texture);
  if (rotation == ROTATE_90)
    {
      g_assert_cmpint (tw, ==, src_height);
      g_assert_cmpint (th, ==, src_width);
    }
  else
    {
      g_assert_cmpint (tw, ==, src_width);
      g_assert_cmpint (th, ==, src_height);
    }

  stride = tw * 4;
  pixels = g_malloc (stride * th);
  gdk_texture_download (texture, pixels, stride);

  return read_code_pixels (pixels, stride, rotation, src_width, src_height);
}

static guint
read_plain_code (PvPlayer *player,
                 const ClipSpec *spec)
{
  return read_code (player, ROTATE_NONE, spec->width, spec->height);
}

/* Clips, made once per run */

static Clip *clip_25, *clip_2997, *clip_offset;

static void
check_seek (PvPlayer       *player,
            const Clip     *clip,
            const ClipSpec *spec,
            gint64          t)
{
  guint expected = expected_frame (clip, t);

  seek_and_wait (player, t);
  g_test_message ("seek %" G_GINT64_FORMAT " µs -> frame %u (pts %" G_GINT64_FORMAT ")",
                  t, expected, PTS (clip, expected));
  g_assert_cmpuint (read_plain_code (player, spec), ==, expected);
  g_assert_cmpint (pv_player_get_frame_pts (player), ==, PTS (clip, expected));
}

static void
test_open_25 (void)
{
  PvPlayer *player = open_clip (clip_25->path);
  gint64 dur = PTS (clip_25, 1) - PTS (clip_25, 0);

  g_assert_cmpint (pv_player_get_first_pts (player), ==, PTS (clip_25, 0));
  g_assert_cmpint (pv_player_get_frame_pts (player), ==, PTS (clip_25, 0));
  g_assert_cmpint (pv_player_get_video_width (player), ==, spec_25.width);
  g_assert_cmpint (pv_player_get_video_height (player), ==, spec_25.height);
  g_assert_cmpfloat_with_epsilon (pv_player_get_frame_rate (player), 25.0, 1e-9);
  g_assert_cmpint (pv_player_get_frame_duration (player), ==, dur);
  /* From the first frame's start to the last frame's end. */
  g_assert_cmpint (pv_player_get_duration (player), ==,
                   PTS (clip_25, clip_25->pts->len - 1) + dur - PTS (clip_25, 0));
  g_assert_cmpuint (read_plain_code (player, &spec_25), ==, 0);
  g_assert_cmpint (gdk_paintable_get_intrinsic_width (pv_player_get_paintable (player)), ==,
                   spec_25.width);

  g_assert_finalize_object (player);
}

static void
run_seeks (const Clip     *clip,
           const ClipSpec *spec)
{
  PvPlayer *player = open_clip (clip->path);
  gint64 d = PTS (clip, 1) - PTS (clip, 0);
  /* Frames around the keyframes (every 20th) and far from them, where only an accurate seek
   * lands on the right frame. */
  const guint frames[] = { 0, 1, 7, 19, 20, 21, 33, 39, 40, 57, 59 };

  for (guint i = 0; i < G_N_ELEMENTS (frames); i++)
    {
      gint64 p = PTS (clip, frames[i]);

      check_seek (player, clip, spec, p);
      check_seek (player, clip, spec, p + d * 4 / 10);
      check_seek (player, clip, spec, p - d * 4 / 10);
    }
  /* Backwards over a keyframe and before the start. */
  check_seek (player, clip, spec, PTS (clip, 18) + d * 6 / 10);
  check_seek (player, clip, spec, PTS (clip, 3));
  check_seek (player, clip, spec, 0);

  g_assert_finalize_object (player);
}

static void
test_seek_25 (void)
{
  run_seeks (clip_25, &spec_25);
}

static void
test_seek_2997 (void)
{
  PvPlayer *player;

  run_seeks (clip_2997, &spec_2997);

  player = open_clip (clip_2997->path);
  g_assert_cmpfloat_with_epsilon (pv_player_get_frame_rate (player), 30000.0 / 1001.0, 1e-9);
  g_assert_finalize_object (player);
}

static void
test_seek_half_way (void)
{
  PvPlayer *player = open_clip (clip_25->path);

  /* 25 fps: frames 40 ms apart, so half-way is an exact microsecond. The rule: the later frame. */
  for (guint k = 10; k < 50; k += 13)
    {
      gint64 half = (PTS (clip_25, k) + PTS (clip_25, k + 1)) / 2;

      g_assert_cmpint ((PTS (clip_25, k) + PTS (clip_25, k + 1)) % 2, ==, 0);
      seek_and_wait (player, half);
      g_assert_cmpuint (read_plain_code (player, &spec_25), ==, k + 1);
      seek_and_wait (player, half - 1);
      g_assert_cmpuint (read_plain_code (player, &spec_25), ==, k);
    }

  g_assert_finalize_object (player);
}

static void
run_steps (const Clip     *clip,
           const ClipSpec *spec)
{
  PvPlayer *player = open_clip (clip->path);
  const guint start = 15;   /* so that the ten steps cross the keyframe at 20 */

  seek_and_wait (player, PTS (clip, start));
  for (guint i = 1; i <= 10; i++)
    {
      step_and_wait (player, 1);
      g_assert_cmpuint (read_plain_code (player, spec), ==, start + i);
      g_assert_cmpint (pv_player_get_frame_pts (player), ==, PTS (clip, start + i));
    }
  for (guint i = 1; i <= 10; i++)
    {
      step_and_wait (player, -1);
      g_assert_cmpuint (read_plain_code (player, spec), ==, start + 10 - i);
      g_assert_cmpint (pv_player_get_frame_pts (player), ==, PTS (clip, start + 10 - i));
    }

  /* Stepping stops at both ends instead of leaving the video. */
  seek_and_wait (player, PTS (clip, 0));
  step_and_wait (player, -1);
  g_assert_cmpuint (read_plain_code (player, spec), ==, 0);
  seek_and_wait (player, PTS (clip, clip->pts->len - 1));
  step_and_wait (player, 1);
  g_assert_cmpuint (read_plain_code (player, spec), ==, clip->pts->len - 1);

  g_assert_finalize_object (player);
}

static void
test_step_25 (void)
{
  run_steps (clip_25, &spec_25);
}

static void
test_step_2997 (void)
{
  run_steps (clip_2997, &spec_2997);
}

static void
test_first_pts_offset (void)
{
  PvPlayer *player = open_clip (clip_offset->path);

  g_test_message ("first PTS of the offset clip: %" G_GINT64_FORMAT " µs", PTS (clip_offset, 0));
  g_assert_cmpint (PTS (clip_offset, 0), >, 0);
  g_assert_cmpint (pv_player_get_first_pts (player), ==, PTS (clip_offset, 0));
  g_assert_cmpuint (read_plain_code (player, &spec_offset), ==, 0);

  for (guint k = 0; k < clip_offset->pts->len; k += 7)
    check_seek (player, clip_offset, &spec_offset, PTS (clip_offset, k));

  g_assert_finalize_object (player);
}

static void
test_rotation (void)
{
  g_autoptr(Clip) clip = make_clip (tmpdir, &spec_rotated);
  PvPlayer *player = open_clip (clip->path);
  GdkPaintable *paintable = pv_player_get_paintable (player);

  /* Portrait on screen although the stored frames are landscape. */
  g_assert_cmpint (pv_player_get_video_width (player), ==, spec_rotated.height);
  g_assert_cmpint (pv_player_get_video_height (player), ==, spec_rotated.width);
  g_assert_cmpint (gdk_paintable_get_intrinsic_width (paintable), ==, spec_rotated.height);
  g_assert_cmpint (gdk_paintable_get_intrinsic_height (paintable), ==, spec_rotated.width);
  g_assert_cmpuint (read_code (player, ROTATE_90, spec_rotated.width, spec_rotated.height), ==, 0);

  seek_and_wait (player, PTS (clip, 17));
  g_assert_cmpuint (read_code (player, ROTATE_90, spec_rotated.width, spec_rotated.height), ==,
                    17);

  g_assert_finalize_object (player);
}

static void
test_pixel_aspect (void)
{
  g_autoptr(Clip) clip = make_clip (tmpdir, &spec_par);
  PvPlayer *player = open_clip (clip->path);
  GdkPaintable *paintable = pv_player_get_paintable (player);
  int display_width = (int) (spec_par.width * (double) spec_par.par_n / spec_par.par_d + 0.5);

  g_assert_cmpint (display_width, ==, 465);
  g_assert_cmpint (pv_player_get_video_width (player), ==, display_width);
  g_assert_cmpint (pv_player_get_video_height (player), ==, spec_par.height);
  g_assert_cmpfloat_with_epsilon (gdk_paintable_get_intrinsic_aspect_ratio (paintable),
                                  (double) display_width / spec_par.height, 1e-9);
  seek_and_wait (player, PTS (clip, 9));
  g_assert_cmpuint (read_plain_code (player, &spec_par), ==, 9);

  g_assert_finalize_object (player);
}

static int wanted_texture_width;

static gboolean
has_wanted_width (PvPlayer *player)
{
  GdkTexture *texture = pv_player_get_texture (player);

  return !pv_player_get_seeking (player) && texture != NULL
         && gdk_texture_get_width (texture) == wanted_texture_width;
}

static void
wait_for_texture_width (PvPlayer *player,
                        int       width)
{
  wanted_texture_width = width;
  iterate_until (has_wanted_width, player, "frame at the display size");
}

/* Frames bigger than the display size come scaled down to fit it, with their shape and square
 * pixels, on the same frame; the video's own size stays what it is. While paused the frame on
 * screen is decoded again at the new size. */
static void
test_display_size (void)
{
  g_autoptr(Clip) rotated = make_clip (tmpdir, &spec_rotated);
  g_autoptr(Clip) par = make_clip (tmpdir, &spec_par);
  PvPlayer *player = open_clip (clip_25->path);
  GdkTexture *texture;

  seek_and_wait (player, PTS (clip_25, 5));
  pv_player_set_display_size (player, 160, 200);
  wait_for_texture_width (player, 160);
  texture = pv_player_get_texture (player);
  g_assert_cmpint (gdk_texture_get_height (texture), ==, 120);
  g_assert_cmpint (pv_player_get_frame_pts (player), ==, PTS (clip_25, 5));
  g_assert_cmpint (pv_player_get_video_width (player), ==, spec_25.width);
  g_assert_cmpint (pv_player_get_video_height (player), ==, spec_25.height);
  g_assert_cmpuint (read_code (player, ROTATE_NONE, 160, 120), ==, 5);

  /* Steps and seeks keep the size. */
  step_and_wait (player, 3);
  g_assert_cmpuint (read_code (player, ROTATE_NONE, 160, 120), ==, 8);

  /* Bigger than the video: its own size again, never scaled up. */
  pv_player_set_display_size (player, 4000, 4000);
  wait_for_texture_width (player, spec_25.width);
  g_assert_cmpuint (read_plain_code (player, &spec_25), ==, 8);
  g_assert_finalize_object (player);

  /* The box applies to the displayed, rotated picture: portrait 240x320 fits 100x100 as 75x100.
   * A size set before opening applies to the first frame. */
  player = pv_player_new ();
  pv_player_set_display_size (player, 100, 100);
  g_object_unref (player);
  player = open_clip (rotated->path);
  pv_player_set_display_size (player, 100, 100);
  wait_for_texture_width (player, 75);
  g_assert_cmpint (gdk_texture_get_height (pv_player_get_texture (player)), ==, 100);
  g_assert_cmpint (pv_player_get_video_width (player), ==, spec_rotated.height);
  g_assert_finalize_object (player);

  /* Non-square pixels come out square at the displayed size: 320x240 at 16:11 is 465x240. */
  player = open_clip (par->path);
  pv_player_set_display_size (player, 1000, 1000);
  wait_for_texture_width (player, 465);
  g_assert_cmpint (gdk_texture_get_height (pv_player_get_texture (player)), ==, 240);
  g_assert_cmpuint (read_code (player, ROTATE_NONE, 465, 240), ==, 0);
  g_assert_finalize_object (player);
}

static void
count_notify (GObject    *object,
              GParamSpec *pspec,
              guint      *count)
{
  (*count)++;
}

static gboolean
is_past (PvPlayer *player,
         gint64    offset_us)
{
  return pv_player_get_frame_pts (player) >= pv_player_get_first_pts (player) + offset_us
         || pv_player_get_state (player) != PV_PLAYER_STATE_PLAYING;
}

static gboolean
is_past_0_2_s (PvPlayer *player)
{
  return is_past (player, 200000);
}

static gboolean
is_past_1_2_s (PvPlayer *player)
{
  return is_past (player, 1200000);
}

static gboolean
is_not_playing (PvPlayer *player)
{
  return pv_player_get_state (player) != PV_PLAYER_STATE_PLAYING;
}

static void
test_rate (void)
{
  PvPlayer *player = open_clip (clip_25->path);
  guint rate_notifies = 0, state_notifies = 0;
  gint64 start, start_pts;
  double elapsed, media;

  g_signal_connect (player, "notify::rate", G_CALLBACK (count_notify), &rate_notifies);
  g_signal_connect (player, "notify::state", G_CALLBACK (count_notify), &state_notifies);

  pv_player_set_rate (player, 10.0);
  g_assert_cmpfloat (pv_player_get_rate (player), ==, 4.0);
  pv_player_set_rate (player, 4.0);
  g_assert_cmpuint (rate_notifies, ==, 1);
  pv_player_set_rate (player, 0.1);
  g_assert_cmpfloat (pv_player_get_rate (player), ==, 0.25);
  pv_player_set_rate (player, 2.0);
  g_assert_cmpuint (rate_notifies, ==, 3);
  iterate_until (is_settled, player, "rate");

  /* Between two shown frames one second of media apart, half a second passes at 2×, a full
   * one at 1× and a quarter at 4×. Timed from frame to frame, so that the start-up (and a
   * loaded machine) does not count: late frames are dropped, the clock runs on. */
  pv_player_play (player);
  g_assert_cmpint (pv_player_get_state (player), ==, PV_PLAYER_STATE_PLAYING);
  pv_player_play (player);
  g_assert_cmpuint (state_notifies, ==, 1);
  iterate_until (is_past_0_2_s, player, "play");
  start_pts = pv_player_get_frame_pts (player);
  start = g_get_monotonic_time ();
  iterate_until (is_past_1_2_s, player, "play");
  elapsed = (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;
  media = (pv_player_get_frame_pts (player) - start_pts) / (double) G_USEC_PER_SEC;
  g_test_message ("%.3f s of media at 2× took %.3f s", media, elapsed);
  g_assert_cmpfloat (media / elapsed, >, 1.4);
  g_assert_cmpfloat (media / elapsed, <, 3.0);

  /* At the end it pauses on the last frame. */
  iterate_until (is_not_playing, player, "eos");
  iterate_until (is_settled, player, "eos");
  g_assert_cmpint (pv_player_get_state (player), ==, PV_PLAYER_STATE_PAUSED);
  g_assert_cmpuint (read_plain_code (player, &spec_25), ==, clip_25->pts->len - 1);

  g_assert_finalize_object (player);
}

/* Errors */

static gboolean
is_error (PvPlayer *player)
{
  return pv_player_get_state (player) == PV_PLAYER_STATE_ERROR;
}

static GError *
open_expecting_error (const char *path)
{
  PvPlayer *player = pv_player_new ();
  g_autoptr(GFile) file = g_file_new_for_path (path);
  GError *error = NULL;
  guint loaded_notifies = 0;

  g_signal_connect (player, "error", G_CALLBACK (on_error_store), &error);
  g_signal_connect (player, "notify::loaded", G_CALLBACK (count_notify), &loaded_notifies);
  pv_player_open (player, file);
  g_assert_null (error);   /* never re-entrant from open() */
  iterate_until (is_error, player, "error");
  g_assert_nonnull (error);
  g_assert_false (pv_player_get_loaded (player));
  g_assert_cmpuint (loaded_notifies, ==, 0);
  g_test_message ("%s: %s", path, error->message);
  g_assert_nonnull (strstr (error->message, path));

  g_assert_finalize_object (player);
  return error;
}

static void
test_error_missing (void)
{
  g_autofree char *path = g_build_filename (tmpdir, "does-not-exist.mp4", NULL);
  g_autoptr(GError) error = open_expecting_error (path);

  g_assert_error (error, PV_PLAYER_ERROR, PV_PLAYER_ERROR_NOT_FOUND);
}

static void
test_error_text (void)
{
  g_autofree char *path = g_build_filename (tmpdir, "notes.mp4", NULL);
  g_autoptr(GError) error = NULL;
  GString *text = g_string_new (NULL);

  for (int i = 0; i < 200; i++)
    g_string_append_printf (text, "line %d: this is a plain text file, not a video\n", i);
  g_assert_true (g_file_set_contents (path, text->str, text->len, NULL));
  g_string_free (text, TRUE);

  error = open_expecting_error (path);
  g_assert_error (error, PV_PLAYER_ERROR, PV_PLAYER_ERROR_NOT_MEDIA);
}

static void
test_error_empty (void)
{
  g_autofree char *path = g_build_filename (tmpdir, "empty.mp4", NULL);
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_set_contents (path, "", 0, NULL));
  error = open_expecting_error (path);
  g_assert_error (error, PV_PLAYER_ERROR, PV_PLAYER_ERROR_EMPTY_FILE);
}

static void
test_error_audio_only (void)
{
  g_autofree char *path = g_build_filename (tmpdir, "audio.ogg", NULL);
  g_autofree char *desc = NULL;
  g_autoptr(GstElement) pipeline = NULL;
  g_autoptr(GError) gst_error = NULL;
  g_autoptr(GError) error = NULL;

  desc = g_strdup_printf ("audiotestsrc num-buffers=20 ! audioconvert ! vorbisenc ! oggmux ! "
                          "filesink location=\"%s\"", path);
  pipeline = gst_parse_launch (desc, &gst_error);
  g_assert_no_error (gst_error);
  gst_element_set_state (pipeline, GST_STATE_PLAYING);
  run_to_eos (pipeline);
  gst_element_set_state (pipeline, GST_STATE_NULL);

  error = open_expecting_error (path);
  g_assert_error (error, PV_PLAYER_ERROR, PV_PLAYER_ERROR_NO_VIDEO);
}

static void
store_warning (PvPlayer   *player,
               const char *message,
               char      **out)
{
  g_assert_null (*out);
  *out = g_strdup (message);
}

static gboolean
is_paused_after_play (PvPlayer *player)
{
  return pv_player_get_state (player) == PV_PLAYER_STATE_PAUSED && !pv_player_get_seeking (player);
}

/* A file cut short with its index at the front (a download that stopped): it plays up to the cut,
 * then says so, and its duration becomes what there is, so that a seek to the end lands on the
 * last frame that exists. */
static void
test_cut_short (void)
{
  g_autofree char *whole = g_build_filename (tmpdir, "faststart.mp4", NULL);
  g_autofree char *cut = g_build_filename (tmpdir, "cut-short.mp4", NULL);
  g_autofree char *warning = NULL;
  PvPlayer *player;
  gint64 stated, end;

  make_cut_short_clip (whole, cut);
  player = open_clip (cut);
  stated = pv_player_get_duration (player);
  g_assert_cmpint (stated, ==, 4 * G_USEC_PER_SEC);
  g_signal_connect (player, "warning", G_CALLBACK (store_warning), &warning);
  pv_player_set_rate (player, 4.0);
  iterate_until (is_settled, player, "the rate");
  pv_player_play (player);
  iterate_until (is_paused_after_play, player, "the end of the data");

  g_assert_nonnull (warning);
  g_assert_nonnull (strstr (warning, "cut-short.mp4"));
  g_assert_nonnull (strstr (warning, "cut short"));
  end = pv_player_get_frame_pts (player) + 40000;
  g_assert_cmpint (end, <, stated - G_USEC_PER_SEC);
  g_assert_cmpint (pv_player_get_duration (player), ==, end - pv_player_get_first_pts (player));

  /* The end is now the last frame there is. */
  seek_and_wait (player, pv_player_get_first_pts (player));
  seek_and_wait (player, G_MAXINT64 / 2);
  g_assert_cmpint (pv_player_get_frame_pts (player) + 40000, ==, end);

  g_assert_finalize_object (player);
  g_unlink (whole);
  g_unlink (cut);
}

static void
test_error_missing_codec (void)
{
  g_autoptr(GError) error = NULL;
  GList *decoders, *l;
  GArray *ranks = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GstCaps) h264 = gst_caps_from_string ("video/x-h264");

  /* Hide every H.264 decoder for a moment: the player must name what is missing. */
  decoders = gst_element_factory_list_get_elements (GST_ELEMENT_FACTORY_TYPE_DECODER,
                                                    GST_RANK_NONE);
  for (l = decoders; l != NULL; l = l->next)
    {
      GstPluginFeature *feature = l->data;
      guint rank = gst_plugin_feature_get_rank (feature);

      g_array_append_val (ranks, rank);
      if (gst_element_factory_can_sink_any_caps (GST_ELEMENT_FACTORY (feature), h264))
        gst_plugin_feature_set_rank (feature, GST_RANK_NONE);
    }

  error = open_expecting_error (clip_25->path);
  g_assert_error (error, PV_PLAYER_ERROR, PV_PLAYER_ERROR_MISSING_CODEC);
  g_assert_nonnull (strstr (error->message, "H.264"));

  for (l = decoders; l != NULL; l = l->next)
    gst_plugin_feature_set_rank (l->data, g_array_index (ranks, guint,
                                                         g_list_position (decoders, l)));
  gst_plugin_feature_list_free (decoders);
  g_array_unref (ranks);
}

/* The real clip the Rekognition data belongs to */

static void
test_shellzu (void)
{
  const char *data = g_getenv ("PATHVIEW_SHARED_DATA");
  g_autofree char *path = NULL;
  g_autoptr(GArray) pts = NULL;
  PvPlayer *player;

  if (data == NULL)
    {
      g_test_skip ("PATHVIEW_SHARED_DATA is not set");
      return;
    }
  path = g_build_filename (data, "videos", "shellzu_IMG_3656_lambda.mp4", NULL);
  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_test_skip_printf ("%s is absent", path);
      return;
    }

  /* SOURCES.md: 640x360, 25 fps, 300 frames, frame i at 80 + 40·i ms. */
  pts = decode_pts (path);
  g_assert_cmpuint (pts->len, ==, 300);
  g_assert_cmpint (g_array_index (pts, gint64, 0), ==, 80000);

  player = open_clip (path);
  g_assert_cmpint (pv_player_get_first_pts (player), ==, 80000);
  g_assert_cmpint (pv_player_get_video_width (player), ==, 640);
  g_assert_cmpint (pv_player_get_video_height (player), ==, 360);
  g_assert_cmpfloat_with_epsilon (pv_player_get_frame_rate (player), 25.0, 1e-9);

  /* Detection Timestamps 800 and 5800 ms map to media time first-pts + Timestamp. */
  seek_and_wait (player, 80000 + 800000);
  g_assert_cmpint (pv_player_get_frame_pts (player), ==, g_array_index (pts, gint64, 20));
  seek_and_wait (player, 80000 + 5800000 + 19999);
  g_assert_cmpint (pv_player_get_frame_pts (player), ==, g_array_index (pts, gint64, 145));
  step_and_wait (player, -1);
  g_assert_cmpint (pv_player_get_frame_pts (player), ==, g_array_index (pts, gint64, 144));

  g_assert_finalize_object (player);
}

static void
remove_tree (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  if (d == NULL)
    return;
  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      g_unlink (path);
    }
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int ret;

  g_test_init (&argc, &argv, NULL);
  gst_init (&argc, &argv);

  tmpdir = g_dir_make_tmp ("pathview-player-XXXXXX", &error);
  g_assert_no_error (error);
  clip_25 = make_clip (tmpdir, &spec_25);
  clip_2997 = make_clip (tmpdir, &spec_2997);
  clip_offset = make_clip (tmpdir, &spec_offset);

  g_test_add_func ("/player/open/25fps", test_open_25);
  g_test_add_func ("/player/seek/nearest-25fps", test_seek_25);
  g_test_add_func ("/player/seek/nearest-29.97fps", test_seek_2997);
  g_test_add_func ("/player/seek/half-way", test_seek_half_way);
  g_test_add_func ("/player/step/25fps", test_step_25);
  g_test_add_func ("/player/step/29.97fps", test_step_2997);
  g_test_add_func ("/player/first-pts/offset", test_first_pts_offset);
  g_test_add_func ("/player/display/rotation-tag", test_rotation);
  g_test_add_func ("/player/display/pixel-aspect", test_pixel_aspect);
  g_test_add_func ("/player/display/size", test_display_size);
  g_test_add_func ("/player/rate", test_rate);
  g_test_add_func ("/player/error/missing-file", test_error_missing);
  g_test_add_func ("/player/error/text-file", test_error_text);
  g_test_add_func ("/player/error/empty-file", test_error_empty);
  g_test_add_func ("/player/error/audio-only", test_error_audio_only);
  g_test_add_func ("/player/error/missing-codec", test_error_missing_codec);
  g_test_add_func ("/player/error/cut-short", test_cut_short);
  g_test_add_func ("/player/real/shellzu", test_shellzu);

  ret = g_test_run ();

  g_clear_pointer (&clip_25, clip_free);
  g_clear_pointer (&clip_2997, clip_free);
  g_clear_pointer (&clip_offset, clip_free);
  remove_tree (tmpdir);
  g_free (tmpdir);
  gst_deinit ();

  return ret;
}
