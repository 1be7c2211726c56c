/* test-exporter.c
 *
 * Copyright 2026 The Pathview authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <math.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <gst/pbutils/pbutils.h>

#include "pv-exporter.h"
#include "pv-palette.h"
#include "pv-result.h"
#include "pv-timeline.h"
#include "test-clip.h"

/*
 * The source clips carry their frame number burned in (top row of blocks, see test-clip.h). The
 * test's draw function paints a second row: the number of the frame whose PTS (from a separate
 * plain decode) equals the time it is handed. Wherever both rows agree in the output, the overlay
 * was drawn with that very frame's own PTS.
 */

static char *tmpdir;
static Clip *clip_25;
static const ClipSpec spec_25 = { "src25.mp4", 320, 240, 25, 1, 1, 1, 60, 0, FALSE, TRUE };

static int
code_row_y (int width,
            int height)
{
  int bw = width / CODE_BITS;

  return 2 * MIN (height / 4, bw);
}

/* Red blocks for 1, blue for 0, on row 2 (the source's code is row 0). */
static void
draw_code (cairo_t *cr,
           int      width,
           int      height,
           guint    code)
{
  int bw = width / CODE_BITS;
  int bh = MIN (height / 4, bw);

  for (int i = 0; i < CODE_BITS; i++)
    {
      gboolean bit = (code >> (CODE_BITS - 1 - i)) & 1;

      cairo_set_source_rgb (cr, bit ? 1 : 0, 0, bit ? 0 : 1);
      cairo_rectangle (cr, i * bw, code_row_y (width, height), bw, bh);
      cairo_fill (cr);
    }
}

static guint
read_drawn_code (const guint8 *pixels,
                 gsize         stride,
                 int           width,
                 int           height)
{
  int bw = width / CODE_BITS;
  int bh = MIN (height / 4, bw);
  guint code = 0;

  for (int i = 0; i < CODE_BITS; i++)
    {
      const guint8 *p = pixels + (code_row_y (width, height) + bh / 2) * stride
                        + (i * bw + bw / 2) * 4;

      /* BGRx: red is byte 2, blue byte 0. */
      g_assert_true ((p[2] > 128) != (p[0] > 128));
      code = (code << 1) | (p[2] > 128 ? 1 : 0);
    }
  return code;
}

static gint
frame_of_pts (const Clip *clip,
              gint64      pts_us)
{
  for (guint i = 0; i < clip->pts->len; i++)
    if (PTS (clip, i) == pts_us)
      return (gint) i;
  return -1;
}

static void
draw_cb (cairo_t  *cr,
         int       width,
         int       height,
         gint64    media_time_us,
         gpointer  user_data)
{
  const Clip *clip = user_data;
  gint frame = frame_of_pts (clip, media_time_us);

  /* A time that is no frame's PTS draws 255, which no 60-frame clip has. */
  draw_code (cr, width, height, frame >= 0 ? (guint) frame : 255);
}

static JsonNode *
describe_cb (gint64   media_time_us,
             gpointer user_data)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_array (builder);
  json_builder_add_int_value (builder, frame_of_pts (user_data, media_time_us));
  json_builder_end_array (builder);
  return json_builder_get_root (builder);
}

static gboolean
even_frames_only (gint64   media_time_us,
                  gpointer user_data)
{
  return frame_of_pts (user_data, media_time_us) % 2 == 0;
}

/* Running an export to its end */

typedef struct
{
  gboolean  done;
  gboolean  ok;
  GError   *error;
  guint     progress_calls;
  guint     last_done;
  guint     cancel_at;
  GCancellable *cancellable;
} Run;

static void
run_done (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  Run *run = user_data;

  run->ok = pv_exporter_run_finish (PV_EXPORTER (object), result, &run->error);
  run->done = TRUE;
}

static void
on_progress (PvExporter *exporter,
             guint       done,
             guint       total,
             double      eta,
             Run        *run)
{
  g_assert_cmpuint (done, >=, run->last_done);
  run->last_done = done;
  run->progress_calls++;
  if (run->cancel_at > 0 && done >= run->cancel_at)
    g_cancellable_cancel (run->cancellable);
}

static gboolean
run_export (PvExporter  *exporter,
            guint        cancel_at,
            GError     **error)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  Run run = { FALSE, FALSE, NULL, 0, 0, cancel_at, cancellable };

  g_signal_connect (exporter, "progress", G_CALLBACK (on_progress), &run);
  pv_exporter_run_async (exporter, cancellable, run_done, &run);
  while (!run.done)
    g_main_context_iteration (NULL, TRUE);
  g_signal_handlers_disconnect_by_func (exporter, on_progress, &run);

  if (run.ok)
    g_assert_cmpuint (run.progress_calls, >, 0);
  if (run.error != NULL)
    g_propagate_error (error, run.error);
  return run.ok;
}

static PvExporter *
new_exporter (const char     *output,
              PvExportFormat  format)
{
  g_autoptr(GFile) video = g_file_new_for_path (clip_25->path);
  g_autoptr(GFile) out = g_file_new_for_path (output);
  PvExporter *exporter = pv_exporter_new (video, out, format);

  pv_exporter_set_draw_func (exporter, draw_cb, clip_25, NULL);
  return exporter;
}

/* Reading an exported video back: each frame's PTS and both codes. */

typedef struct
{
  gint64 pts_us;
  guint  source_code;
  guint  drawn_code;
} OutFrame;

static GArray *
decode_output (const char *path)
{
  g_autofree char *desc = NULL;
  g_autoptr(GstElement) pipeline = NULL;
  g_autoptr(GError) error = NULL;
  GArray *frames = g_array_new (FALSE, FALSE, sizeof (OutFrame));
  GstElement *sink;
  GstSample *sample;

  desc = g_strdup_printf ("filesrc location=\"%s\" ! decodebin ! videoconvert ! "
                          "video/x-raw,format=BGRx ! appsink name=sink sync=false", path);
  pipeline = gst_parse_launch (desc, &error);
  g_assert_no_error (error);
  sink = gst_bin_get_by_name (GST_BIN (pipeline), "sink");
  gst_element_set_state (pipeline, GST_STATE_PLAYING);
  while ((sample = gst_app_sink_pull_sample (GST_APP_SINK (sink))) != NULL)
    {
      GstVideoInfo info;
      GstVideoFrame vframe;
      OutFrame frame;

      g_assert_true (gst_video_info_from_caps (&info, gst_sample_get_caps (sample)));
      g_assert_true (gst_video_frame_map (&vframe, &info, gst_sample_get_buffer (sample),
                                          GST_MAP_READ));
      frame.pts_us = (gint64) (GST_BUFFER_PTS (gst_sample_get_buffer (sample)) / GST_USECOND);
      frame.source_code = read_code_pixels (GST_VIDEO_FRAME_PLANE_DATA (&vframe, 0),
                                            GST_VIDEO_FRAME_PLANE_STRIDE (&vframe, 0),
                                            ROTATE_NONE, GST_VIDEO_INFO_WIDTH (&info),
                                            GST_VIDEO_INFO_HEIGHT (&info));
      frame.drawn_code = read_drawn_code (GST_VIDEO_FRAME_PLANE_DATA (&vframe, 0),
                                          GST_VIDEO_FRAME_PLANE_STRIDE (&vframe, 0),
                                          GST_VIDEO_INFO_WIDTH (&info),
                                          GST_VIDEO_INFO_HEIGHT (&info));
      g_array_append_val (frames, frame);
      gst_video_frame_unmap (&vframe);
      gst_sample_unref (sample);
    }
  gst_element_set_state (pipeline, GST_STATE_NULL);
  gst_object_unref (sink);
  return frames;
}

static guint
count_audio_streams (const char *path)
{
  g_autoptr(GstDiscoverer) discoverer = gst_discoverer_new (10 * GST_SECOND, NULL);
  g_autoptr(GstDiscovererInfo) info = NULL;
  g_autofree char *uri = g_filename_to_uri (path, NULL, NULL);
  GList *streams;
  guint n;

  info = gst_discoverer_discover_uri (discoverer, uri, NULL);
  g_assert_nonnull (info);
  streams = gst_discoverer_info_get_audio_streams (info);
  n = g_list_length (streams);
  gst_discoverer_stream_info_list_free (streams);
  return n;
}

/* The caps of the first video stream, as the discoverer (demuxer and parser) reports them. */
static GstCaps *
video_stream_caps (const char *path)
{
  g_autoptr(GstDiscoverer) discoverer = gst_discoverer_new (10 * GST_SECOND, NULL);
  g_autoptr(GstDiscovererInfo) info = NULL;
  g_autofree char *uri = g_filename_to_uri (path, NULL, NULL);
  GList *streams;
  GstCaps *caps;
  g_autofree char *text = NULL;

  info = gst_discoverer_discover_uri (discoverer, uri, NULL);
  g_assert_nonnull (info);
  streams = gst_discoverer_info_get_video_streams (info);
  g_assert_nonnull (streams);
  caps = gst_discoverer_stream_info_get_caps (streams->data);
  gst_discoverer_stream_info_list_free (streams);
  text = gst_caps_to_string (caps);
  g_test_message ("%s: %s", path, text);
  return caps;
}

/* Exports must be 4:2:0, which every player can decode (not 4:4:4, which our RGB frames would
 * otherwise make the encoders pick). */
static void
check_chroma_420 (const char *path)
{
  g_autoptr(GstCaps) caps = video_stream_caps (path);
  GstStructure *s = gst_caps_get_structure (caps, 0);

  g_assert_cmpstr (gst_structure_get_string (s, "chroma-format"), ==, "4:2:0");
}

static char *
out_path (const char *name)
{
  return g_build_filename (tmpdir, name, NULL);
}

/* Tests */

static void
check_video_output (const char *path,
                    guint       n_expected)
{
  g_autoptr(GArray) frames = decode_output (path);

  g_assert_cmpuint (frames->len, ==, n_expected);
  for (guint i = 0; i < frames->len; i++)
    {
      OutFrame *f = &g_array_index (frames, OutFrame, i);

      g_assert_cmpuint (f->source_code, ==, i);
      g_assert_cmpuint (f->drawn_code, ==, i);
      /* The same spacing as the source; the start may move by the encoder's B-frame delay,
       * which a reader handles through the first PTS like in any file. */
      g_assert_cmpint (f->pts_us - g_array_index (frames, OutFrame, 0).pts_us, ==,
                       PTS (clip_25, i) - PTS (clip_25, 0));
    }
}

static void
test_mp4_full (void)
{
  g_autofree char *path = out_path ("full.mp4");
  g_autofree char *partial = g_strconcat (path, ".partial", NULL);
  g_autoptr(GError) error = NULL;
  PvExporter *exporter = new_exporter (path, PV_EXPORT_FORMAT_MP4);

  run_export (exporter, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (pv_exporter_get_frames_done (exporter), ==, spec_25.n_frames);
  g_assert_cmpuint (pv_exporter_get_frames_total (exporter), ==, spec_25.n_frames);
  g_assert_cmpint (pv_exporter_get_first_pts (exporter), ==, PTS (clip_25, 0));
  g_assert_false (g_file_test (partial, G_FILE_TEST_EXISTS));

  /* It plays back in GStreamer with every frame, each drawn with its own PTS, and the sound. */
  check_video_output (path, spec_25.n_frames);
  g_assert_cmpuint (count_audio_streams (path), ==, 1);
  check_chroma_420 (path);

  g_assert_finalize_object (exporter);
}

/* The value after " NAME=" in the x264 option string (the SEI x264 writes into every stream),
 * or NULL when the string has no such option. */
static char *
x264_option (const char *contents,
             gsize       length,
             const char *name)
{
  static const char sei[] = "x264 - core";
  g_autofree char *key = g_strconcat (" ", name, "=", NULL);
  const char *start = NULL;
  const char *found;

  for (gsize i = 0; i + sizeof sei - 1 <= length && start == NULL; i++)
    if (memcmp (contents + i, sei, sizeof sei - 1) == 0)
      start = contents + i;
  g_assert_nonnull (start);
  /* The SEI text ends with its NUL. */
  g_assert_nonnull (memchr (start, '\0', contents + length - start));
  found = strstr (start, key);
  if (found == NULL)
    return NULL;
  found += strlen (key);
  return g_strndup (found, strcspn (found, " "));
}

/* Plain CRF 20, as FFmpeg's CRF: x264enc in CRF mode turns its "bitrate" property (2048 kbit/s
 * unless set) into a VBV cap, which would hold a 720p export to 2 Mbit/s, unless its VBV buffer
 * is empty. Noise is the worst case for the encoder: at CRF 20 it needs far more than any sane
 * cap, so the output shows whether one bound. */
static void
test_mp4_crf_without_vbv (void)
{
  static const int width = 1280, height = 720, fps = 30;
  g_autofree char *source = out_path ("snow.mp4");
  g_autofree char *path = out_path ("snow-export.mp4");
  g_autofree char *desc = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *rc = NULL;
  g_autofree char *crf = NULL;
  g_autofree char *vbv_maxrate = NULL;
  g_autoptr(GstElement) pipeline = NULL;
  g_autoptr(GstBus) bus = NULL;
  g_autoptr(GstMessage) msg = NULL;
  g_autoptr(GFile) video = NULL;
  g_autoptr(GFile) out = NULL;
  g_autoptr(GError) error = NULL;
  PvExporter *exporter;
  gsize length;

  /* One second of snow; constant QP 18 for the source, which has no VBV. */
  desc = g_strdup_printf ("videotestsrc pattern=snow num-buffers=%d ! "
                          "video/x-raw,format=I420,width=%d,height=%d,framerate=%d/1 ! "
                          "x264enc speed-preset=ultrafast pass=quant quantizer=18 ! h264parse ! "
                          "mp4mux ! filesink location=\"%s\"", fps, width, height, fps, source);
  pipeline = gst_parse_launch (desc, &error);
  g_assert_no_error (error);
  bus = gst_element_get_bus (pipeline);
  gst_element_set_state (pipeline, GST_STATE_PLAYING);
  msg = gst_bus_timed_pop_filtered (bus, GST_CLOCK_TIME_NONE,
                                    GST_MESSAGE_EOS | GST_MESSAGE_ERROR);
  g_assert_cmpint (GST_MESSAGE_TYPE (msg), ==, GST_MESSAGE_EOS);
  gst_element_set_state (pipeline, GST_STATE_NULL);

  video = g_file_new_for_path (source);
  out = g_file_new_for_path (path);
  exporter = pv_exporter_new (video, out, PV_EXPORT_FORMAT_MP4);
  run_export (exporter, 0, &error);
  g_assert_no_error (error);
  g_assert_finalize_object (exporter);

  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  rc = x264_option (contents, length, "rc");
  crf = x264_option (contents, length, "crf");
  vbv_maxrate = x264_option (contents, length, "vbv_maxrate");
  g_assert_cmpstr (rc, ==, "crf");
  g_assert_cmpstr (crf, ==, "20.0");
  g_assert_null (vbv_maxrate);
  /* Nothing capped it: one second of noise at CRF 20 takes far more than the old 2 Mbit/s. */
  g_assert_cmpuint (length * 8, >, 4 * 1000 * 1000);
}

static void
test_webm_range (void)
{
  g_autofree char *path = out_path ("range.webm");
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) frames = NULL;
  PvExporter *exporter = new_exporter (path, PV_EXPORT_FORMAT_WEBM);

  pv_exporter_set_range (exporter, PTS (clip_25, 12), PTS (clip_25, 31));
  run_export (exporter, 0, &error);
  g_assert_no_error (error);

  frames = decode_output (path);
  g_assert_cmpuint (frames->len, ==, 20);
  for (guint i = 0; i < frames->len; i++)
    {
      OutFrame *f = &g_array_index (frames, OutFrame, i);

      g_assert_cmpuint (f->source_code, ==, 12 + i);
      g_assert_cmpuint (f->drawn_code, ==, 12 + i);
      /* The range starts the output at zero (VP9 here has no B-frame delay). */
      g_assert_cmpint (f->pts_us, ==, PTS (clip_25, 12 + i) - PTS (clip_25, 12));
    }
  g_assert_cmpuint (count_audio_streams (path), ==, 1);
  check_chroma_420 (path);

  g_assert_finalize_object (exporter);
}

/* A range of a clip whose video starts late, as phones write it: x264 B-frames make mp4mux
 * delay the first frame's PTS (by an edit list), and qtdemux then starts the segment there, so
 * running time is not PTS. Cutting a range out of such a clip once lost its first frames, the
 * key frame among them (moved before the output's zero and clipped by the muxers). */

static Clip *clip_delayed;
static const ClipSpec spec_delayed =
  { "delayed25.mp4", 320, 240, 25, 1, 1, 1, 40, 2, FALSE, TRUE };

static void
draw_delayed_cb (cairo_t  *cr,
                 int       width,
                 int       height,
                 gint64    media_time_us,
                 gpointer  user_data)
{
  gint frame = frame_of_pts (clip_delayed, media_time_us);

  draw_code (cr, width, height, frame >= 0 ? (guint) frame : 255);
}

/* The video samples the file holds, before any edit list or segment clips them: the MP4's
 * sample count (the "stsz" after the "vide" handler), or the WebM's blocks as demuxed. */
static guint
count_held_video_samples (const char *path,
                          gboolean    mp4)
{
  if (mp4)
    {
      g_autofree char *data = NULL;
      gsize len;
      const guint8 *d;
      gsize i = 0;

      g_assert_true (g_file_get_contents (path, &data, &len, NULL));
      d = (const guint8 *) data;
      for (; i + 16 <= len; i++)
        if (memcmp (d + i, "hdlr", 4) == 0 && memcmp (d + i + 12, "vide", 4) == 0)
          break;
      for (; i + 16 <= len; i++)
        if (memcmp (d + i, "stsz", 4) == 0)
          return (guint) d[i + 12] << 24 | (guint) d[i + 13] << 16
                 | (guint) d[i + 14] << 8 | d[i + 15];
      g_assert_not_reached ();
    }
  else
    {
      g_autofree char *desc = NULL;
      g_autoptr(GstElement) pipeline = NULL;
      g_autoptr(GError) error = NULL;
      GstElement *sink;
      GstSample *sample;
      guint n = 0;

      desc = g_strdup_printf ("filesrc location=\"%s\" ! matroskademux ! video/x-vp9 ! "
                              "appsink name=sink sync=false", path);
      pipeline = gst_parse_launch (desc, &error);
      g_assert_no_error (error);
      sink = gst_bin_get_by_name (GST_BIN (pipeline), "sink");
      gst_element_set_state (pipeline, GST_STATE_PLAYING);
      while ((sample = gst_app_sink_pull_sample (GST_APP_SINK (sink))) != NULL)
        {
          n++;
          gst_sample_unref (sample);
        }
      gst_element_set_state (pipeline, GST_STATE_NULL);
      gst_object_unref (sink);
      return n;
    }
}

static void
check_range_exact (PvExportFormat format,
                   const char    *name)
{
  g_autofree char *path = out_path (name);
  g_autoptr(GFile) video = NULL;
  g_autoptr(GFile) out = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) frames = NULL;
  const guint first = 5, last = 30;
  guint in_range = 0;
  PvExporter *exporter;

  if (clip_delayed == NULL)
    clip_delayed = make_clip (tmpdir, &spec_delayed);
  /* The premise: the source's first frame is late, so its segment starts there. */
  g_assert_cmpint (PTS (clip_delayed, 0), >, 0);
  /* The source frames in the range, by the plain decode's PTS. */
  for (guint i = 0; i < clip_delayed->pts->len; i++)
    if (PTS (clip_delayed, i) >= PTS (clip_delayed, first)
        && PTS (clip_delayed, i) <= PTS (clip_delayed, last))
      in_range++;
  g_assert_cmpuint (in_range, ==, last - first + 1);

  video = g_file_new_for_path (clip_delayed->path);
  out = g_file_new_for_path (path);
  exporter = pv_exporter_new (video, out, format);
  pv_exporter_set_draw_func (exporter, draw_delayed_cb, NULL, NULL);
  pv_exporter_set_range (exporter, PTS (clip_delayed, first), PTS (clip_delayed, last));
  run_export (exporter, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (pv_exporter_get_frames_done (exporter), ==, in_range);

  /* What the file holds and what a player shows are both what the exporter said it wrote. */
  g_assert_cmpuint (count_held_video_samples (path, format == PV_EXPORT_FORMAT_MP4), ==,
                    in_range);
  frames = decode_output (path);
  g_assert_cmpuint (frames->len, ==, pv_exporter_get_frames_done (exporter));
  g_assert_cmpuint (frames->len, ==, in_range);
  g_assert_cmpuint (g_array_index (frames, OutFrame, 0).source_code, ==, first);
  g_assert_cmpuint (g_array_index (frames, OutFrame, frames->len - 1).source_code, ==, last);
  for (guint i = 0; i < frames->len; i++)
    {
      OutFrame *f = &g_array_index (frames, OutFrame, i);

      g_assert_cmpuint (f->source_code, ==, first + i);
      g_assert_cmpuint (f->drawn_code, ==, first + i);
      g_assert_cmpint (f->pts_us - g_array_index (frames, OutFrame, 0).pts_us, ==,
                       PTS (clip_delayed, first + i) - PTS (clip_delayed, first));
    }
  /* The range's first frame is the output's zero; VP9 has no reordering delay, H.264's
   * B-frames delay the first frame by a few frames, as in any MP4 (see check_video_output). */
  if (format == PV_EXPORT_FORMAT_WEBM)
    g_assert_cmpint (g_array_index (frames, OutFrame, 0).pts_us, ==, 0);
  else
    g_assert_cmpint (g_array_index (frames, OutFrame, 0).pts_us, <,
                     4 * (PTS (clip_delayed, 1) - PTS (clip_delayed, 0)));
  g_assert_cmpuint (count_audio_streams (path), ==, 1);

  g_assert_finalize_object (exporter);
}

static void
test_mp4_range_delayed (void)
{
  check_range_exact (PV_EXPORT_FORMAT_MP4, "range-delayed.mp4");
}

static void
test_webm_range_delayed (void)
{
  check_range_exact (PV_EXPORT_FORMAT_WEBM, "range-delayed.webm");
}

static JsonArray *
read_sidecar (const char *dir,
              JsonParser *parser)
{
  g_autofree char *path = g_build_filename (dir, "frames.json", NULL);
  g_autoptr(GError) error = NULL;
  JsonObject *root;

  json_parser_load_from_file (parser, path, &error);
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpstr (json_object_get_string_member (root, "video"), ==, spec_25.name);
  g_assert_cmpint (json_object_get_int_member (root, "first_pts_us"), ==, PTS (clip_25, 0));
  return json_object_get_array_member (root, "frames");
}

/* Every PNG is the expected frame, named by its frame number and PTS, listed in the sidecar. */
static void
check_png_folder (const char  *dir,
                  const guint *expected,
                  guint        n_expected)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GDir) d = NULL;
  JsonArray *list = read_sidecar (dir, parser);
  guint n_png = 0;
  const char *name;

  g_assert_cmpuint (json_array_get_length (list), ==, n_expected);
  for (guint i = 0; i < n_expected; i++)
    {
      JsonObject *entry = json_array_get_object_element (list, i);
      guint k = expected[i];
      g_autofree char *file = g_strdup_printf ("frame-%06u_%08" G_GINT64_FORMAT "ms.png", k,
                                               PTS (clip_25, k) / 1000);
      g_autofree char *path = g_build_filename (dir, file, NULL);
      cairo_surface_t *surface;
      JsonArray *detections;

      g_assert_cmpstr (json_object_get_string_member (entry, "file"), ==, file);
      g_assert_cmpint (json_object_get_int_member (entry, "frame"), ==, k);
      g_assert_cmpint (json_object_get_int_member (entry, "pts_us"), ==, PTS (clip_25, k));
      detections = json_object_get_array_member (entry, "detections");
      g_assert_cmpint (json_array_get_int_element (detections, 0), ==, k);

      surface = cairo_image_surface_create_from_png (path);
      g_assert_cmpint (cairo_surface_status (surface), ==, CAIRO_STATUS_SUCCESS);
      g_assert_cmpint (cairo_image_surface_get_width (surface), ==, spec_25.width);
      g_assert_cmpint (cairo_image_surface_get_height (surface), ==, spec_25.height);
      g_assert_cmpuint (read_code_pixels (cairo_image_surface_get_data (surface),
                                          cairo_image_surface_get_stride (surface),
                                          ROTATE_NONE, spec_25.width, spec_25.height), ==, k);
      g_assert_cmpuint (read_drawn_code (cairo_image_surface_get_data (surface),
                                         cairo_image_surface_get_stride (surface),
                                         spec_25.width, spec_25.height), ==, k);
      cairo_surface_destroy (surface);
    }

  d = g_dir_open (dir, 0, NULL);
  g_assert_nonnull (d);
  while ((name = g_dir_read_name (d)) != NULL)
    if (g_str_has_suffix (name, ".png"))
      n_png++;
  g_assert_cmpuint (n_png, ==, n_expected);
}

static void
test_png_range (void)
{
  g_autofree char *dir = out_path ("range-png");
  g_autoptr(GError) error = NULL;
  PvExporter *exporter = new_exporter (dir, PV_EXPORT_FORMAT_PNG);
  guint expected[11];

  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    expected[i] = 10 + i;

  pv_exporter_set_describe_func (exporter, describe_cb, clip_25, NULL);
  pv_exporter_set_range (exporter, PTS (clip_25, 10), PTS (clip_25, 20));
  run_export (exporter, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (pv_exporter_get_frames_total (exporter), ==, 11);

  check_png_folder (dir, expected, G_N_ELEMENTS (expected));
  g_assert_finalize_object (exporter);
}

static void
test_png_every_and_filter (void)
{
  g_autofree char *dir = out_path ("every-png");
  g_autoptr(GError) error = NULL;
  PvExporter *exporter = new_exporter (dir, PV_EXPORT_FORMAT_PNG);
  guint expected[10];

  /* Every 3rd frame of the whole clip (0, 3, 6 ...), then only the even ones: 0, 6, 12 ... */
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    expected[i] = 6 * i;

  pv_exporter_set_describe_func (exporter, describe_cb, clip_25, NULL);
  pv_exporter_set_every (exporter, 3);
  pv_exporter_set_filter_func (exporter, even_frames_only, clip_25, NULL);
  pv_exporter_set_png_compression (exporter, 6);
  run_export (exporter, 0, &error);
  g_assert_no_error (error);

  check_png_folder (dir, expected, G_N_ELEMENTS (expected));
  g_assert_finalize_object (exporter);
}

/* A full disk (its partial file is /dev/full, which takes nothing): the message gives the
 * system's reason, not libpng's words, and no truncated PNG is left behind. */
static void
test_png_disk_full (void)
{
  g_autofree char *path = out_path ("full.png");
  g_autofree char *partial = g_strconcat (path, ".partial", NULL);
  g_autofree char *reason = NULL;
  g_autoptr(GError) error = NULL;
  PvExporter *exporter;

  if (!g_file_test ("/dev/full", G_FILE_TEST_EXISTS))
    {
      g_test_skip ("no /dev/full on this system");
      return;
    }
  g_assert_cmpint (symlink ("/dev/full", partial), ==, 0);
  exporter = new_exporter (path, PV_EXPORT_FORMAT_PNG);
  pv_exporter_set_range (exporter, PTS (clip_25, 3), G_MAXINT64);
  g_assert_false (run_export (exporter, 0, &error));
  g_test_message ("%s", error->message);
  g_assert_error (error, PV_EXPORTER_ERROR, PV_EXPORTER_ERROR_WRITE);
  g_assert_nonnull (strstr (error->message, path));
  /* The reason, then a full stop before what became of the output. */
  reason = g_strdup_printf ("%s. ", g_strerror (ENOSPC));
  g_assert_nonnull (strstr (error->message, reason));
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (partial, G_FILE_TEST_EXISTS));
  g_assert_finalize_object (exporter);
}

static void
test_png_single_file (void)
{
  g_autofree char *path = out_path ("current.png");
  g_autofree char *partial = g_strconcat (path, ".partial", NULL);
  g_autoptr(GError) error = NULL;
  PvExporter *exporter = new_exporter (path, PV_EXPORT_FORMAT_PNG);
  cairo_surface_t *surface;

  /* "The current frame": one file at the video's own size, the range's first frame. */
  pv_exporter_set_range (exporter, PTS (clip_25, 17), G_MAXINT64);
  run_export (exporter, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (pv_exporter_get_frames_done (exporter), ==, 1);
  g_assert_false (g_file_test (partial, G_FILE_TEST_EXISTS));

  surface = cairo_image_surface_create_from_png (path);
  g_assert_cmpint (cairo_surface_status (surface), ==, CAIRO_STATUS_SUCCESS);
  g_assert_cmpint (cairo_image_surface_get_width (surface), ==, spec_25.width);
  g_assert_cmpuint (read_code_pixels (cairo_image_surface_get_data (surface),
                                      cairo_image_surface_get_stride (surface),
                                      ROTATE_NONE, spec_25.width, spec_25.height), ==, 17);
  g_assert_cmpuint (read_drawn_code (cairo_image_surface_get_data (surface),
                                     cairo_image_surface_get_stride (surface),
                                     spec_25.width, spec_25.height), ==, 17);
  cairo_surface_destroy (surface);

  /* Not again without force. */
  g_assert_false (run_export (exporter, 0, &error));
  g_assert_error (error, PV_EXPORTER_ERROR, PV_EXPORTER_ERROR_EXISTS);
  g_assert_finalize_object (exporter);
}

static void
test_cancel_video (void)
{
  g_autofree char *path = out_path ("cancelled.mp4");
  g_autofree char *partial = g_strconcat (path, ".partial", NULL);
  g_autoptr(GError) error = NULL;
  PvExporter *exporter = new_exporter (path, PV_EXPORT_FORMAT_MP4);

  g_assert_false (run_export (exporter, 5, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (pv_exporter_get_frames_done (exporter), <, spec_25.n_frames);
  /* No half-written MP4 anywhere. */
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (partial, G_FILE_TEST_EXISTS));

  g_assert_finalize_object (exporter);
}

static void
test_cancel_png (void)
{
  g_autofree char *dir = out_path ("cancelled-png");
  g_autofree char *partial = g_strconcat (dir, ".partial", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  PvExporter *exporter = new_exporter (dir, PV_EXPORT_FORMAT_PNG);
  JsonArray *list;

  g_assert_false (run_export (exporter, 5, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  /* The frames so far stay in a folder named as partial, and the message says where. */
  g_assert_false (g_file_test (dir, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (partial, G_FILE_TEST_IS_DIR));
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, partial));
  list = read_sidecar (partial, parser);
  g_assert_cmpuint (json_array_get_length (list), ==, pv_exporter_get_frames_done (exporter));
  g_assert_cmpuint (json_array_get_length (list), >=, 5);

  g_assert_finalize_object (exporter);
}

static void
test_existing_output (void)
{
  g_autofree char *path = out_path ("exists.mp4");
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  PvExporter *exporter;

  g_assert_true (g_file_set_contents (path, "keep me", -1, NULL));

  exporter = new_exporter (path, PV_EXPORT_FORMAT_MP4);
  g_assert_false (run_export (exporter, 0, &error));
  g_assert_error (error, PV_EXPORTER_ERROR, PV_EXPORTER_ERROR_EXISTS);
  g_assert_nonnull (strstr (error->message, path));
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, "keep me");
  g_clear_error (&error);

  /* With force it is replaced by a real video. */
  pv_exporter_set_force (exporter, TRUE);
  run_export (exporter, 0, &error);
  g_assert_no_error (error);
  check_video_output (path, spec_25.n_frames);

  g_assert_finalize_object (exporter);
}

static void
test_unwritable (void)
{
  const struct { const char *name; PvExportFormat format; } unwritable[] = {
    { "out.mp4", PV_EXPORT_FORMAT_MP4 },
    { "out.webm", PV_EXPORT_FORMAT_WEBM },
    { "frames", PV_EXPORT_FORMAT_PNG },
    { "frame.png", PV_EXPORT_FORMAT_PNG },
  };
  g_autofree char *file = out_path ("plain-file");
  g_autofree char *ro_dir = out_path ("read-only");
  g_autofree char *ro_path = g_build_filename (ro_dir, "frames", NULL);
  g_autoptr(GError) error = NULL;
  PvExporter *exporter;

  /* A parent that is a file, not a folder: no one can write there, root included. The message
   * names the output as chosen, not the ".partial" one the exporter writes first. */
  g_assert_true (g_file_set_contents (file, "", 0, NULL));
  for (guint i = 0; i < G_N_ELEMENTS (unwritable); i++)
    {
      g_autofree char *chosen = g_build_filename (file, unwritable[i].name, NULL);

      exporter = new_exporter (chosen, unwritable[i].format);
      g_assert_false (run_export (exporter, 0, &error));
      g_assert_error (error, PV_EXPORTER_ERROR, PV_EXPORTER_ERROR_WRITE);
      g_test_message ("%s", error->message);
      g_assert_nonnull (strstr (error->message, chosen));
      g_assert_null (strstr (error->message, ".partial"));
      g_clear_error (&error);
      g_assert_finalize_object (exporter);
    }

  if (geteuid () == 0)
    {
      g_test_message ("running as root: a read-only folder would still be writable");
      return;
    }
  g_assert_cmpint (g_mkdir (ro_dir, 0555), ==, 0);
  exporter = new_exporter (ro_path, PV_EXPORT_FORMAT_PNG);
  g_assert_false (run_export (exporter, 0, &error));
  g_assert_error (error, PV_EXPORTER_ERROR, PV_EXPORTER_ERROR_WRITE);
  g_assert_nonnull (strstr (error->message, ro_path));
  g_assert_null (strstr (error->message, ".partial"));
  g_assert_finalize_object (exporter);
  g_chmod (ro_dir, 0755);
}

/* Turns the folder being written into a file at the first frame, so that every PNG after it
 * fails to be written. */
static void
draw_then_block_cb (cairo_t  *cr,
                    int       width,
                    int       height,
                    gint64    media_time_us,
                    gpointer  user_data)
{
  const char *partial = user_data;

  if (g_file_test (partial, G_FILE_TEST_IS_DIR))
    {
      g_assert_cmpint (g_rmdir (partial), ==, 0);
      g_assert_true (g_file_set_contents (partial, "", 0, NULL));
    }
}

static void
test_png_write_fails (void)
{
  g_autofree char *dir = out_path ("blocked-frames");
  g_autofree char *partial = g_strconcat (dir, ".partial", NULL);
  g_autoptr(GError) error = NULL;
  PvExporter *exporter = new_exporter (dir, PV_EXPORT_FORMAT_PNG);

  /* The message names the PNG inside the folder the user chose. */
  pv_exporter_set_draw_func (exporter, draw_then_block_cb, partial, NULL);
  g_assert_false (run_export (exporter, 0, &error));
  g_assert_error (error, PV_EXPORTER_ERROR, PV_EXPORTER_ERROR_WRITE);
  g_test_message ("%s", error->message);
  g_assert_true (g_str_has_prefix (error->message, "Cannot write “"));
  g_assert_nonnull (strstr (error->message, dir));
  g_assert_nonnull (strstr (error->message, "/frame-000000_"));
  g_assert_null (strstr (error->message, ".partial"));
  g_assert_false (g_file_test (dir, G_FILE_TEST_EXISTS));
  g_unlink (partial);
  g_assert_finalize_object (exporter);
}

/* Puts a folder where the frame list goes, so that only writing it fails. */
static void
draw_then_block_list_cb (cairo_t  *cr,
                         int       width,
                         int       height,
                         gint64    media_time_us,
                         gpointer  user_data)
{
  g_autofree char *list = g_build_filename (user_data, "frames.json", NULL);

  g_mkdir (list, 0777);
}

static void
test_png_list_fails (void)
{
  g_autofree char *dir = out_path ("blocked-list");
  g_autofree char *partial = g_strconcat (dir, ".partial", NULL);
  g_autofree char *reason = NULL;
  g_autoptr(GError) error = NULL;
  PvExporter *exporter = new_exporter (dir, PV_EXPORT_FORMAT_PNG);
  const char *note;

  /* GLib's message names the file it could not write: in the folder the user chose. Only the
   * note after it names the ".partial" folder, since that is where the frames are. */
  pv_exporter_set_draw_func (exporter, draw_then_block_list_cb, partial, NULL);
  g_assert_false (run_export (exporter, 0, &error));
  g_assert_error (error, PV_EXPORTER_ERROR, PV_EXPORTER_ERROR_WRITE);
  g_test_message ("%s", error->message);
  note = strstr (error->message, " The frames written so far are in");
  g_assert_nonnull (note);
  reason = g_strndup (error->message, note - error->message);
  g_assert_true (g_str_has_prefix (reason, "Cannot write the frame list into “"));
  g_assert_nonnull (strstr (reason, dir));
  g_assert_nonnull (strstr (reason, "frames.json"));
  g_assert_null (strstr (reason, ".partial"));
  g_assert_nonnull (strstr (note, partial));
  g_assert_finalize_object (exporter);
}

static void
test_bad_encoder_option (void)
{
  g_autofree char *path = out_path ("bad-option.mp4");
  g_autofree char *partial = g_strconcat (path, ".partial", NULL);
  g_autoptr(GError) error = NULL;
  PvExporter *exporter = new_exporter (path, PV_EXPORT_FORMAT_MP4);

  pv_exporter_set_encoder_options (exporter, "speed-preset=medium no-such-option=1");
  g_assert_false (run_export (exporter, 0, &error));
  g_assert_error (error, PV_EXPORTER_ERROR, PV_EXPORTER_ERROR_BAD_OPTION);
  g_assert_nonnull (strstr (error->message, "no-such-option"));
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (partial, G_FILE_TEST_EXISTS));
  g_assert_finalize_object (exporter);
}

/* A video cut short with its index at the front decodes up to the cut and ends as if complete:
 * the export says it has less than the range asked for, and a whole file says nothing. */
static void
test_cut_short (void)
{
  g_autofree char *whole = out_path ("faststart.mp4");
  g_autofree char *cut = out_path ("cut-short.mp4");
  g_autofree char *frames_whole = out_path ("whole-frames");
  g_autofree char *frames_cut = out_path ("cut-frames");
  g_autoptr(GError) error = NULL;
  const char *videos[] = { whole, cut };
  const char *outputs[] = { frames_whole, frames_cut };

  make_cut_short_clip (whole, cut);

  for (guint i = 0; i < G_N_ELEMENTS (videos); i++)
    {
      g_autoptr(GFile) video = g_file_new_for_path (videos[i]);
      g_autoptr(GFile) out = g_file_new_for_path (outputs[i]);
      g_autoptr(PvExporter) exporter = pv_exporter_new (video, out, PV_EXPORT_FORMAT_PNG);
      const char *warning;

      pv_exporter_set_png_compression (exporter, 1);
      g_assert_true (run_export (exporter, 0, &error));
      g_assert_no_error (error);
      warning = pv_exporter_get_warning (exporter);
      if (i == 0)
        {
          g_assert_null (warning);
          g_assert_cmpuint (pv_exporter_get_frames_done (exporter), ==, 100);
        }
      else
        {
          g_assert_nonnull (warning);
          g_assert_nonnull (strstr (warning, "cut-short.mp4"));
          g_assert_nonnull (strstr (warning, "4.0 s"));
          g_assert_cmpuint (pv_exporter_get_frames_done (exporter), <, 90);
        }
    }
}

static void
test_not_a_video (void)
{
  g_autofree char *input = out_path ("notes.txt");
  g_autofree char *path = out_path ("from-text.mp4");
  g_autofree char *partial = g_strconcat (path, ".partial", NULL);
  g_autoptr(GFile) video = g_file_new_for_path (input);
  g_autoptr(GFile) out = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  PvExporter *exporter;

  g_assert_true (g_file_set_contents (input, "not a video\n", -1, NULL));
  exporter = pv_exporter_new (video, out, PV_EXPORT_FORMAT_MP4);
  g_assert_false (run_export (exporter, 0, &error));
  g_assert_error (error, PV_EXPORTER_ERROR, PV_EXPORTER_ERROR_INPUT);
  g_assert_nonnull (strstr (error->message, input));
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (partial, G_FILE_TEST_EXISTS));
  g_assert_finalize_object (exporter);
}

/* The real pair: the exported frame for a Timestamp carries each person's box edge where the
 * JSON puts it, in the person's colour, at the video's own resolution. */

typedef struct
{
  gint64 index;
  double left, top, width, height;
} JsonBox;

static GArray *
boxes_at (JsonNode *root,
          gint64    timestamp_ms)
{
  JsonArray *persons = json_object_get_array_member (json_node_get_object (root), "Persons");
  GArray *boxes = g_array_new (FALSE, FALSE, sizeof (JsonBox));

  for (guint i = 0; i < json_array_get_length (persons); i++)
    {
      JsonObject *item = json_array_get_object_element (persons, i);
      JsonObject *person = json_object_get_object_member (item, "Person");
      JsonObject *box;
      JsonBox b;

      if (json_object_get_int_member (item, "Timestamp") != timestamp_ms
          || !json_object_has_member (person, "BoundingBox"))
        continue;
      box = json_object_get_object_member (person, "BoundingBox");
      b.index = json_object_get_int_member (person, "Index");
      b.left = json_object_get_double_member (box, "Left");
      b.top = json_object_get_double_member (box, "Top");
      b.width = json_object_get_double_member (box, "Width");
      b.height = json_object_get_double_member (box, "Height");
      g_array_append_val (boxes, b);
    }
  return boxes;
}

static cairo_surface_t *
export_one_png (const char *video_path,
                const char *name,
                gint64      media_time_us,
                PvTimeline *timeline)
{
  g_autofree char *dir = out_path (name);
  g_autofree char *png = NULL;
  g_autoptr(GFile) video = g_file_new_for_path (video_path);
  g_autoptr(GFile) out = g_file_new_for_path (dir);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *sidecar = g_build_filename (dir, "frames.json", NULL);
  PvExporter *exporter = pv_exporter_new (video, out, PV_EXPORT_FORMAT_PNG);
  JsonArray *frames;
  JsonObject *entry;

  if (timeline != NULL)
    {
      PvOverlayStyle style;

      pv_overlay_style_init (&style);
      style.show_labels = FALSE;
      style.show_faces = FALSE;
      style.show_landmarks = FALSE;
      style.trail_seconds = 0;
      pv_exporter_set_overlay (exporter, timeline, &style, PV_EXPORT_OVERLAY_ALIGN_TIMELINE);
    }
  pv_exporter_set_range (exporter, media_time_us, media_time_us);
  run_export (exporter, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (pv_exporter_get_frames_done (exporter), ==, 1);
  g_assert_finalize_object (exporter);

  json_parser_load_from_file (parser, sidecar, &error);
  g_assert_no_error (error);
  frames = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)),
                                         "frames");
  g_assert_cmpuint (json_array_get_length (frames), ==, 1);
  entry = json_array_get_object_element (frames, 0);
  g_assert_cmpint (json_object_get_int_member (entry, "pts_us"), ==, media_time_us);
  png = g_build_filename (dir, json_object_get_string_member (entry, "file"), NULL);
  return cairo_image_surface_create_from_png (png);
}

static void
pixel_rgb (cairo_surface_t *surface,
           int              x,
           int              y,
           int             *r,
           int             *g,
           int             *b)
{
  const guint8 *p = cairo_image_surface_get_data (surface)
                    + y * cairo_image_surface_get_stride (surface) + x * 4;

  /* Cairo's RGB24 is a native-endian 0xXXRRGGBB word. */
  guint32 word = *(const guint32 *) (gconstpointer) p;

  *r = (word >> 16) & 0xff;
  *g = (word >> 8) & 0xff;
  *b = word & 0xff;
}

static void
test_shellzu_overlay (void)
{
  const char *data = g_getenv ("PATHVIEW_SHARED_DATA");
  g_autofree char *video = NULL;
  g_autofree char *json = NULL;
  g_autoptr(GFile) json_file = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(PvResult) result = NULL;
  g_autoptr(PvTimeline) timeline = NULL;
  g_autoptr(GError) error = NULL;
  const gint64 timestamps[] = { 800, 5800 };

  if (data == NULL)
    {
      g_test_skip ("PATHVIEW_SHARED_DATA is not set");
      return;
    }
  video = g_build_filename (data, "videos", "shellzu_IMG_3656_lambda.mp4", NULL);
  json = g_build_filename (data, "rekognition", "shellzu_IMG_3656_lambda.json", NULL);
  if (!g_file_test (video, G_FILE_TEST_EXISTS) || !g_file_test (json, G_FILE_TEST_EXISTS))
    {
      g_test_skip_printf ("the shellzu pair is absent from %s", data);
      return;
    }

  json_parser_load_from_file (parser, json, &error);
  g_assert_no_error (error);
  json_file = g_file_new_for_path (json);
  result = pv_result_load_file (json_file, NULL, NULL, &error);
  g_assert_no_error (error);
  timeline = pv_timeline_new (result);

  for (guint t = 0; t < G_N_ELEMENTS (timestamps); t++)
    {
      /* SOURCES.md: the first frame has PTS 80 ms, and Timestamp counts from it. */
      gint64 media_time_us = 80000 + timestamps[t] * 1000;
      g_autofree char *name = g_strdup_printf ("shellzu-%" G_GINT64_FORMAT, timestamps[t]);
      g_autofree char *plain_name = g_strconcat (name, "-plain", NULL);
      g_autoptr(GArray) boxes = boxes_at (json_parser_get_root (parser), timestamps[t]);
      cairo_surface_t *drawn = export_one_png (video, name, media_time_us, timeline);
      cairo_surface_t *plain = export_one_png (video, plain_name, media_time_us, NULL);

      g_assert_cmpint (pv_timeline_get_time_offset (timeline), ==, 80000);
      g_assert_cmpint (cairo_image_surface_get_width (drawn), ==, 640);
      g_assert_cmpint (cairo_image_surface_get_height (drawn), ==, 360);
      g_assert_cmpuint (boxes->len, >, 0);

      for (guint i = 0; i < boxes->len; i++)
        {
          JsonBox *b = &g_array_index (boxes, JsonBox, i);
          double pr, pg, pb;
          int x = (int) floor (CLAMP (b->left, 0, 1) * 640);
          int y_mid = (int) ((CLAMP (b->top, 0, 1) + CLAMP (b->top + b->height, 0, 1)) / 2 * 360);
          int x_mid = (int) ((CLAMP (b->left, 0, 1) + CLAMP (b->left + b->width, 0, 1)) / 2 * 640);
          int r, g, bl, r0, g0, b0;

          pv_palette_color (b->index, &pr, &pg, &pb);
          pixel_rgb (drawn, MIN (x, 639), y_mid, &r, &g, &bl);
          g_test_message ("Timestamp %" G_GINT64_FORMAT " Index %" G_GINT64_FORMAT
                          ": edge (%d,%d) = %d,%d,%d, palette %.0f,%.0f,%.0f", timestamps[t],
                          b->index, x, y_mid, r, g, bl, pr * 255, pg * 255, pb * 255);
          g_assert_cmpint (ABS (r - (int) round (pr * 255)), <=, 1);
          g_assert_cmpint (ABS (g - (int) round (pg * 255)), <=, 1);
          g_assert_cmpint (ABS (bl - (int) round (pb * 255)), <=, 1);

          /* Inside the box the picture is the video's own. */
          pixel_rgb (drawn, x_mid, y_mid, &r, &g, &bl);
          pixel_rgb (plain, x_mid, y_mid, &r0, &g0, &b0);
          g_assert_cmpint (r, ==, r0);
          g_assert_cmpint (g, ==, g0);
          g_assert_cmpint (bl, ==, b0);
        }

      cairo_surface_destroy (drawn);
      cairo_surface_destroy (plain);
    }
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) d = g_dir_open (path, 0, NULL);
  const char *name;

  if (d != NULL)
    {
      while ((name = g_dir_read_name (d)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);

          remove_tree (child);
        }
      g_rmdir (path);
    }
  else
    {
      g_unlink (path);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int ret;

  g_test_init (&argc, &argv, NULL);
  gst_init (&argc, &argv);

  tmpdir = g_dir_make_tmp ("pathview-export-XXXXXX", &error);
  g_assert_no_error (error);
  clip_25 = make_clip (tmpdir, &spec_25);

  g_test_add_func ("/exporter/mp4/full", test_mp4_full);
  g_test_add_func ("/exporter/mp4/crf-without-vbv", test_mp4_crf_without_vbv);
  g_test_add_func ("/exporter/webm/range", test_webm_range);
  g_test_add_func ("/exporter/mp4/range-delayed-start", test_mp4_range_delayed);
  g_test_add_func ("/exporter/webm/range-delayed-start", test_webm_range_delayed);
  g_test_add_func ("/exporter/png/range", test_png_range);
  g_test_add_func ("/exporter/png/every-and-filter", test_png_every_and_filter);
  g_test_add_func ("/exporter/png/single-file", test_png_single_file);
  g_test_add_func ("/exporter/png/disk-full", test_png_disk_full);
  g_test_add_func ("/exporter/cancel/video", test_cancel_video);
  g_test_add_func ("/exporter/cancel/png", test_cancel_png);
  g_test_add_func ("/exporter/output/exists", test_existing_output);
  g_test_add_func ("/exporter/output/unwritable", test_unwritable);
  g_test_add_func ("/exporter/output/png-write-fails", test_png_write_fails);
  g_test_add_func ("/exporter/output/png-list-fails", test_png_list_fails);
  g_test_add_func ("/exporter/input/not-a-video", test_not_a_video);
  g_test_add_func ("/exporter/input/cut-short", test_cut_short);
  g_test_add_func ("/exporter/output/bad-encoder-option", test_bad_encoder_option);
  g_test_add_func ("/exporter/real/shellzu-overlay", test_shellzu_overlay);

  ret = g_test_run ();

  g_clear_pointer (&clip_25, clip_free);
  g_clear_pointer (&clip_delayed, clip_free);
  remove_tree (tmpdir);
  g_free (tmpdir);
  gst_deinit ();

  return ret;
}
