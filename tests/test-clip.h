/* test-clip.h: frame-coded test clips, made at test time, shared by the player and export tests
 *
 * Copyright 2026 The Pathview authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <string.h>

#include <gst/app/gstappsink.h>
#include <gst/app/gstappsrc.h>
#include <gst/gst.h>

/*
 * The clips are made by pushing frames that carry their own number as a row of 8 black/white
 * blocks (most significant bit left) across the top of the picture. Reading the blocks back tells
 * which frame is shown, independently of any timestamp the code under test reports. The PTS of
 * every frame comes from a separate plain decode of the same file (filesrc ! decodebin !
 * appsink), not from the code under test.
 */

/* GLib leaks its first quark table by design once GStreamer's plugins push the process past
 * 2048 quarks (see tests/lsan.supp). Only a full unwind shows the constructor that allocated it,
 * so each test binary using these clips asks AddressSanitizer for full stacks on malloc (the
 * ASan hook; without ASan nobody calls it). */
const char *__asan_default_options (void);

const char *
__asan_default_options (void)
{
  return "fast_unwind_on_malloc=0:malloc_context_size=10";
}

#define CODE_BITS 8

typedef enum { ROTATE_NONE, ROTATE_90 } Rotation;

typedef struct
{
  const char *name;
  int         width, height;
  int         fps_n, fps_d;
  int         par_n, par_d;
  int         n_frames;
  int         bframes;
  gboolean    rotate_90;       /* store a 90° display matrix, as phones do for portrait */
  gboolean    with_audio;      /* add a sine tone as long as the video (AAC) */
} ClipSpec;

typedef struct
{
  char   *path;
  GArray *pts;                 /* gint64 µs of every frame, in presentation order */
} Clip;

static inline void
paint_code (guint8 *data,
            int     stride,
            int     width,
            int     height,
            guint   code)
{
  int bw = width / CODE_BITS;
  int bh = MIN (height / 4, bw);

  for (int y = 0; y < height; y++)
    for (int x = 0; x < width; x++)
      {
        guint8 *p = data + y * stride + x * 4;
        guint8 v = 128;

        if (y < bh && x < bw * CODE_BITS)
          v = (code >> (CODE_BITS - 1 - x / bw)) & 1 ? 235 : 16;
        else
          v = (guint8) (64 + (x + y) % 64);   /* texture, so the encoder has work to do */
        p[0] = p[1] = p[2] = v;
        p[3] = 255;
      }
}

static inline GArray *
decode_pts (const char *path)
{
  g_autofree char *desc = NULL;
  g_autoptr(GstElement) pipeline = NULL;
  g_autoptr(GError) error = NULL;
  GstElement *sink;
  GArray *pts = g_array_new (FALSE, FALSE, sizeof (gint64));
  GstSample *sample;

  desc = g_strdup_printf ("filesrc location=\"%s\" ! decodebin ! appsink name=sink sync=false",
                          path);
  pipeline = gst_parse_launch (desc, &error);
  g_assert_no_error (error);
  sink = gst_bin_get_by_name (GST_BIN (pipeline), "sink");
  gst_element_set_state (pipeline, GST_STATE_PLAYING);
  while ((sample = gst_app_sink_pull_sample (GST_APP_SINK (sink))) != NULL)
    {
      gint64 value = (gint64) (GST_BUFFER_PTS (gst_sample_get_buffer (sample)) / GST_USECOND);

      g_array_append_val (pts, value);
      gst_sample_unref (sample);
    }
  gst_element_set_state (pipeline, GST_STATE_NULL);
  gst_object_unref (sink);

  return pts;
}

static inline void
run_to_eos (GstElement *pipeline)
{
  g_autoptr(GstBus) bus = gst_element_get_bus (pipeline);
  g_autoptr(GstMessage) msg = NULL;

  msg = gst_bus_timed_pop_filtered (bus, 60 * GST_SECOND, GST_MESSAGE_EOS | GST_MESSAGE_ERROR);
  g_assert_nonnull (msg);
  if (GST_MESSAGE_TYPE (msg) == GST_MESSAGE_ERROR)
    {
      g_autoptr(GError) error = NULL;

      gst_message_parse_error (msg, &error, NULL);
      g_assert_no_error (error);
    }
}

/* A file cut short with its index at the front, as a download that stopped leaves it: 4 s at
 * 25 fps (100 frames, 1 s keyframe spacing) written with the moov first, then only the first
 * half of its bytes kept. The index still lists 100 frames; the data holds about half of them.
 * Writes @whole and @cut. */
static inline void
make_cut_short_clip (const char *whole,
                     const char *cut)
{
  g_autofree char *desc = NULL;
  g_autofree char *contents = NULL;
  g_autoptr(GstElement) pipeline = NULL;
  g_autoptr(GError) error = NULL;
  gsize length;

  desc = g_strdup_printf ("videotestsrc num-buffers=100 pattern=ball ! "
                          "video/x-raw,width=160,height=120,framerate=25/1 ! "
                          "x264enc key-int-max=25 bframes=0 ! h264parse ! "
                          "mp4mux faststart=true ! filesink location=\"%s\"", whole);
  pipeline = gst_parse_launch (desc, &error);
  g_assert_no_error (error);
  gst_element_set_state (pipeline, GST_STATE_PLAYING);
  run_to_eos (pipeline);
  gst_element_set_state (pipeline, GST_STATE_NULL);

  g_assert_true (g_file_get_contents (whole, &contents, &length, NULL));
  g_assert_true (g_file_set_contents (cut, contents, length / 2, NULL));
}

/* mp4mux in GStreamer 1.22 writes no rotation, so write the track header's display matrix the
 * way phones do for portrait video: [0 1 0; -1 0 0; 0 0 1] in 16.16 (ISO 14496-12 8.3.2). */
static inline void
patch_rotate_90 (const char *path)
{
  static const guint32 matrix[9] = { 0, 0x00010000, 0, 0xffff0000, 0, 0, 0, 0, 0x40000000 };
  g_autofree char *data = NULL;
  gsize len;
  const char *tkhd;
  guint8 *m;

  g_assert_true (g_file_get_contents (path, &data, &len, NULL));
  tkhd = NULL;
  for (gsize i = 0; i + 4 + 4 + 40 + 36 <= len && tkhd == NULL; i++)
    if (memcmp (data + i, "tkhd", 4) == 0)
      tkhd = data + i;
  g_assert_nonnull (tkhd);
  g_assert_cmpint (tkhd[4], ==, 0);   /* version 0: 32-bit times */
  /* version+flags, creation, modification, track id, reserved, duration, reserved[2], layer,
   * alternate group, volume, reserved: 40 bytes, then the matrix. */
  m = (guint8 *) tkhd + 4 + 40;
  for (int i = 0; i < 9; i++)
    {
      m[i * 4 + 0] = matrix[i] >> 24;
      m[i * 4 + 1] = (matrix[i] >> 16) & 0xff;
      m[i * 4 + 2] = (matrix[i] >> 8) & 0xff;
      m[i * 4 + 3] = matrix[i] & 0xff;
    }
  g_assert_true (g_file_set_contents (path, data, len, NULL));
}

static inline Clip *
make_clip (const char     *dir,
           const ClipSpec *spec)
{
  g_autofree char *desc = NULL;
  g_autofree char *audio = NULL;
  g_autoptr(GstElement) pipeline = NULL;
  g_autoptr(GstCaps) caps = NULL;
  g_autoptr(GError) error = NULL;
  GstElement *src;
  Clip *clip = g_new0 (Clip, 1);

  clip->path = g_build_filename (dir, spec->name, NULL);

  if (spec->with_audio)
    {
      guint64 samples = gst_util_uint64_scale (spec->n_frames, 44100 * spec->fps_d, spec->fps_n);

      audio = g_strdup_printf ("audiotestsrc num-buffers=%" G_GUINT64_FORMAT
                               " samplesperbuffer=1024 ! audio/x-raw,rate=44100 ! audioconvert ! "
                               "avenc_aac ! mux. ", (samples + 1023) / 1024);
    }
  desc = g_strdup_printf ("appsrc name=src format=time ! videoconvert ! "
                          "video/x-raw,format=I420 ! x264enc speed-preset=ultrafast key-int-max=20 "
                          "bframes=%d pass=quant quantizer=18 ! h264parse ! mp4mux name=mux ! "
                          "filesink location=\"%s\" %s",
                          spec->bframes, clip->path, audio ? audio : "");
  pipeline = gst_parse_launch (desc, &error);
  g_assert_no_error (error);

  caps = gst_caps_new_simple ("video/x-raw",
                              "format", G_TYPE_STRING, "BGRx",
                              "width", G_TYPE_INT, spec->width,
                              "height", G_TYPE_INT, spec->height,
                              "framerate", GST_TYPE_FRACTION, spec->fps_n, spec->fps_d,
                              "pixel-aspect-ratio", GST_TYPE_FRACTION, spec->par_n, spec->par_d,
                              NULL);
  src = gst_bin_get_by_name (GST_BIN (pipeline), "src");
  g_object_set (src, "caps", caps, NULL);
  gst_element_set_state (pipeline, GST_STATE_PLAYING);

  for (int i = 0; i < spec->n_frames; i++)
    {
      GstBuffer *buffer = gst_buffer_new_allocate (NULL, spec->width * spec->height * 4, NULL);
      GstMapInfo map;
      guint64 t0 = gst_util_uint64_scale (i, GST_SECOND * spec->fps_d, spec->fps_n);
      guint64 t1 = gst_util_uint64_scale (i + 1, GST_SECOND * spec->fps_d, spec->fps_n);

      gst_buffer_map (buffer, &map, GST_MAP_WRITE);
      paint_code (map.data, spec->width * 4, spec->width, spec->height, i);
      gst_buffer_unmap (buffer, &map);
      GST_BUFFER_PTS (buffer) = t0;
      GST_BUFFER_DURATION (buffer) = t1 - t0;
      g_assert_cmpint (gst_app_src_push_buffer (GST_APP_SRC (src), buffer), ==, GST_FLOW_OK);
    }
  gst_app_src_end_of_stream (GST_APP_SRC (src));
  run_to_eos (pipeline);
  gst_element_set_state (pipeline, GST_STATE_NULL);
  gst_object_unref (src);

  if (spec->rotate_90)
    patch_rotate_90 (clip->path);
  clip->pts = decode_pts (clip->path);
  g_assert_cmpuint (clip->pts->len, ==, spec->n_frames);

  return clip;
}

static inline void
clip_free (Clip *clip)
{
  g_free (clip->path);
  g_array_unref (clip->pts);
  g_free (clip);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Clip, clip_free)

#define PTS(clip, i) g_array_index ((clip)->pts, gint64, (i))

/* The frame number painted into a BGRA/BGRx picture. @rotation maps the painted position to
 * the picture, which holds the frame as displayed (rotated) but with stored pixels (no PAR). */
static inline guint
read_code_pixels (const guint8 *pixels,
                  gsize         stride,
                  Rotation      rotation,
                  int           src_width,
                  int           src_height)
{
  int bw = src_width / CODE_BITS;
  int bh = MIN (src_height / 4, bw);
  guint code = 0;

  for (int i = 0; i < CODE_BITS; i++)
    {
      int sx = i * bw + bw / 2, sy = bh / 2;
      int x = sx, y = sy;
      const guint8 *p;

      /* rotate-90 turns the picture clockwise: the top row becomes the right column. */
      if (rotation == ROTATE_90)
        {
          x = src_height - 1 - sy;
          y = sx;
        }
      p = pixels + y * stride + x * 4;
      code = (code << 1) | (p[1] > 128 ? 1 : 0);
    }

  return code;
}
