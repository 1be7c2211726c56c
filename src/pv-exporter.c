/* pv-exporter.c
 *
 * Copyright 2026 The Pathview authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "pv-exporter"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <png.h>
#include <stdio.h>
#include <string.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <gst/app/gstappsink.h>
#include <gst/gst.h>
#include <gst/video/video.h>

#include "pv-exporter.h"

/*
 * One GStreamer pipeline per export:
 *
 *   uridecodebin ─video─▶ [gate] queue ▶ videoflip(auto) ▶ videoconvert ▶ BGRx ▶ [draw] ▶ tail
 *                └audio─▶ [gate] queue ▶ audioconvert ▶ audioresample ▶ encoder ▶ muxer
 *
 *   tail = videoconvert ▶ I420 ▶ x264enc ▶ h264parse ▶ mp4mux ▶ filesink   (MP4)
 *        = videoconvert ▶ I420 ▶ vp9enc ▶ webmmux ▶ filesink               (WebM)
 *        = appsink, whose worker threads write one PNG per frame      (PNG)
 *
 * The gate probe sees every decoded frame before any conversion: it numbers them (frame 0 is
 * the first frame of the file, in presentation order), drops those outside the range or the
 * filters before they cost a conversion, and ends the stream after the range. The draw probe
 * hands the BGRx frame to the draw function as a Cairo RGB24 surface (the same bytes on little-
 * and big-endian alike), with the buffer's own PTS, so the overlay is drawn in place.
 *
 * The whole file is decoded from its start, even for a range: that keeps the frame numbers
 * exact without a frame-rate guess, at the price of decoding the frames before the range.
 *
 * A video is written to "OUTPUT.partial" and renamed when complete; PNGs go into the folder
 * "OUTPUT.partial" likewise. A failed or cancelled video export deletes its partial file; a PNG
 * export keeps the partial folder with what it has, and says so.
 */

struct _PvExporter
{
  GObject               parent_instance;

  /* Settings */
  GFile                *video;
  GFile                *output;
  PvExportFormat        format;
  gint64                from_us;
  gint64                to_us;
  guint                 every;
  gboolean              force;
  int                   png_level;
  char                 *encoder_options;
  PvExportDrawFunc      draw_func;
  gpointer              draw_data;
  GDestroyNotify        draw_destroy;
  PvExportFilterFunc    filter_func;
  gpointer              filter_data;
  GDestroyNotify        filter_destroy;
  PvExportDescribeFunc  describe_func;
  gpointer              describe_data;
  GDestroyNotify        describe_destroy;
  PvTimeline           *align_timeline; /* gets the first PTS as its time offset */

  /* Run state, main thread */
  GTask                *task;
  GMainContext         *context;
  GstElement           *pipeline;
  GstElement           *muxer;
  GstElement           *video_entry;
  GSource              *bus_source;
  GSource              *cancel_source;
  GFile                *partial;        /* the file or folder being written */
  gboolean              writing_in_place; /* PNG with force into an existing folder */
  gboolean              single_png;     /* output "x.png": the first frame of the range only */
  gint64                start_time;
  guint                 frames_total;
  char                 *warning;        /* what the finished export should still say */
  gboolean              have_video;

  /* Shared with the streaming threads, under @lock */
  GMutex                lock;
  GSource              *progress_source;
  guint                 frames_done;
  guint64               frame_index;    /* decoded frames seen so far */
  guint64               kept;           /* frames of the range, for every-N */
  guint64               passed;         /* frames that passed range and filters */
  gint64                first_pts_us;
  gint64                last_pts_us;    /* of the newest decoded frame */
  gboolean              have_first_pts;
  gboolean              video_ended;
  gboolean              audio_ended;
  double                fps;
  GHashTable           *frame_numbers;  /* PTS (ns) -> frame number, for the PNG names */
  GPtrArray            *sidecar;        /* SidecarEntry of every PNG written */
  GThreadPool          *png_pool;       /* PNG compression, one worker per CPU */
  GCond                 png_cond;       /* signalled when a PNG job finishes */
  guint                 png_in_flight;
  gboolean              png_stopping;   /* the appsink must not wait for workers anymore */
  GError               *stream_error;   /* a PNG that could not be written */
  GstVideoInfo          draw_info;
  gboolean              have_draw_info;
  GstPad               *video_out;      /* the queue pads that shift a range to zero */
  GstPad               *audio_out;
  gint64                range_offset;   /* running time (ns) of the range's start */
  gboolean              have_range_offset;
  gboolean              range_settled;  /* the video's segment or end was seen, or stopping */
  GCond                 range_cond;     /* signalled when range_settled is set */
};

G_DEFINE_FINAL_TYPE (PvExporter, pv_exporter, G_TYPE_OBJECT)

G_DEFINE_QUARK (pv-exporter-error-quark, pv_exporter_error)

enum {
  PROP_0,
  PROP_FRAMES_DONE,
  PROP_FRAMES_TOTAL,
  N_PROPS
};

enum {
  PROGRESS,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void finish (PvExporter *self, GError *error);

static char *
display_name (GFile *file)
{
  return g_file_get_parse_name (file);
}

/* GStreamer's and GLib's messages name the file they were handed: "NAME.partial", which is only
 * ours. The user chose NAME, so that is what they are shown. */
static char *
output_message (PvExporter *self,
                const char *message)
{
  g_autofree char *name = display_name (self->output);
  GString *text = g_string_new (message);

  if (self->partial != NULL && !g_file_equal (self->partial, self->output))
    g_string_replace (text, g_file_peek_path (self->partial), name, 0);
  return g_string_free (text, FALSE);
}

/* Progress: counted in the streaming threads, reported from one idle on the caller's context */

static gboolean
progress_cb (gpointer user_data)
{
  PvExporter *self = user_data;
  guint done;
  double eta = -1;

  g_mutex_lock (&self->lock);
  done = self->frames_done;
  g_clear_pointer (&self->progress_source, g_source_unref);
  if (self->frames_total == 0 && self->have_first_pts && self->fps > 0 && self->pipeline)
    {
      gint64 duration_ns = 0;

      g_mutex_unlock (&self->lock);
      if (gst_element_query_duration (self->pipeline, GST_FORMAT_TIME, &duration_ns)
          && duration_ns > 0)
        {
          gint64 first = self->first_pts_us;
          gint64 end = first + duration_ns / GST_USECOND;
          gint64 from = MAX (self->from_us, first);
          gint64 to = MIN (self->to_us, end);

          if (to > from)
            {
              /* Frames whose PTS is in [from, to]; an open end is the end of the last frame
               * (rounded down: a longer sound track must not add a frame). */
              guint64 n = (guint64) ((to - from) * self->fps / G_USEC_PER_SEC + 0.001)
                          + (self->to_us < end ? 1 : 0);

              self->frames_total = MAX (1, (guint) ((n + self->every - 1) / self->every));
              g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FRAMES_TOTAL]);
            }
        }
      g_mutex_lock (&self->lock);
    }
  g_mutex_unlock (&self->lock);

  if (self->frames_total > 0 && done > 0)
    {
      double elapsed = (g_get_monotonic_time () - self->start_time) / (double) G_USEC_PER_SEC;

      eta = elapsed / done * MAX (0, (double) self->frames_total - done);
    }

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FRAMES_DONE]);
  g_signal_emit (self, signals[PROGRESS], 0, done, self->frames_total, eta);

  return G_SOURCE_REMOVE;
}

/* Called with @lock held. */
static void
schedule_progress (PvExporter *self)
{
  if (self->progress_source != NULL || self->context == NULL)
    return;
  self->progress_source = g_idle_source_new ();
  g_source_set_callback (self->progress_source, progress_cb, self, NULL);
  g_source_set_static_name (self->progress_source, "[pathview] export progress");
  g_source_attach (self->progress_source, self->context);
}

/* The gate: numbering, range, every-N and filter, before any conversion */

static GstPadProbeReturn
video_gate_probe (GstPad          *pad,
                  GstPadProbeInfo *info,
                  gpointer         user_data)
{
  PvExporter *self = user_data;
  GstBuffer *buffer = GST_PAD_PROBE_INFO_BUFFER (info);
  GstClockTime pts = GST_BUFFER_PTS (buffer);
  gint64 pts_us;
  guint64 number;
  gboolean keep;

  if (!GST_CLOCK_TIME_IS_VALID (pts))
    return GST_PAD_PROBE_DROP;
  pts_us = (gint64) (pts / GST_USECOND);

  g_mutex_lock (&self->lock);
  number = self->frame_index++;
  self->last_pts_us = pts_us;
  if (!self->have_first_pts)
    {
      g_autoptr(GstCaps) caps = gst_pad_get_current_caps (pad);
      GstVideoInfo vinfo;

      self->first_pts_us = pts_us;
      self->have_first_pts = TRUE;
      /* Before the first frame is filtered or drawn: Timestamps count from this frame. */
      if (self->align_timeline != NULL)
        pv_timeline_set_time_offset (self->align_timeline, pts_us);
      if (caps != NULL && gst_video_info_from_caps (&vinfo, caps) && GST_VIDEO_INFO_FPS_D (&vinfo))
        self->fps = (double) GST_VIDEO_INFO_FPS_N (&vinfo) / GST_VIDEO_INFO_FPS_D (&vinfo);
    }
  if (self->video_ended)
    {
      g_mutex_unlock (&self->lock);
      return GST_PAD_PROBE_DROP;
    }
  if (pts_us > self->to_us || (self->single_png && self->passed > 0))
    {
      self->video_ended = TRUE;
      g_mutex_unlock (&self->lock);
      /* Past the range: end this branch here, so upstream stops decoding. */
      gst_pad_send_event (pad, gst_event_new_eos ());
      return GST_PAD_PROBE_DROP;
    }
  keep = pts_us >= self->from_us;
  if (keep && self->format == PV_EXPORT_FORMAT_PNG)
    {
      keep = self->kept++ % self->every == 0;
      if (keep && self->filter_func != NULL)
        keep = self->filter_func (pts_us, self->filter_data);
      if (keep)
        g_hash_table_insert (self->frame_numbers, g_memdup2 (&pts, sizeof pts),
                             g_memdup2 (&number, sizeof number));
    }
  if (keep)
    self->passed++;
  g_mutex_unlock (&self->lock);

  return keep ? GST_PAD_PROBE_OK : GST_PAD_PROBE_DROP;
}

/* Whether the outputs are shifted so that the range starts at zero: a video range that does
 * not start at the start. PNGs keep the source's times. */
static gboolean
needs_range_offset (PvExporter *self)
{
  return self->from_us > 0 && self->muxer != NULL;
}

static GstPadProbeReturn
audio_gate_probe (GstPad          *pad,
                  GstPadProbeInfo *info,
                  gpointer         user_data)
{
  PvExporter *self = user_data;
  GstBuffer *buffer = GST_PAD_PROBE_INFO_BUFFER (info);
  GstClockTime pts = GST_BUFFER_PTS (buffer);
  gint64 start_us;
  gboolean keep;

  if (!GST_CLOCK_TIME_IS_VALID (pts))
    return GST_PAD_PROBE_OK;
  start_us = (gint64) (pts / GST_USECOND);

  g_mutex_lock (&self->lock);
  if (self->audio_ended)
    {
      g_mutex_unlock (&self->lock);
      return GST_PAD_PROBE_DROP;
    }
  if (start_us > self->to_us)
    {
      self->audio_ended = TRUE;
      g_mutex_unlock (&self->lock);
      gst_pad_send_event (pad, gst_event_new_eos ());
      return GST_PAD_PROBE_DROP;
    }
  /* The sound must not pass before the picture's segment has set the range's offset: before,
   * its buffers would go out unshifted (and a decoder that starts slower than the sound's
   * easily lets a second of sound through first), after which the shift would send the sound's
   * time backwards and the muxer drop the whole track. The video's first frame is a few
   * buffers away in the same demuxer, so this wait is short. */
  while (needs_range_offset (self) && !self->range_settled)
    g_cond_wait (&self->range_cond, &self->lock);
  if (self->have_range_offset)
    {
      g_autoptr(GstEvent) event = gst_pad_get_sticky_event (pad, GST_EVENT_SEGMENT, 0);
      const GstSegment *segment;
      guint64 running = GST_CLOCK_TIME_NONE;

      /* Against the video's start in running time: the sound's segment need not start where
       * the picture's does (an edit list delays the one, not the other). */
      if (event != NULL)
        {
          gst_event_parse_segment (event, &segment);
          running = gst_segment_to_running_time (segment, GST_FORMAT_TIME, pts);
        }
      keep = GST_CLOCK_TIME_IS_VALID (running) && (gint64) running >= self->range_offset;
    }
  else
    {
      keep = start_us >= self->from_us;
    }
  g_mutex_unlock (&self->lock);

  /* Sound that starts before the range would start before the output's zero; a range loses at
   * most one audio buffer (some 20 ms) at its start instead. */
  return keep ? GST_PAD_PROBE_OK : GST_PAD_PROBE_DROP;
}

/* The draw probe: the overlay, in place, on the BGRx frame */

static GstPadProbeReturn
draw_probe (GstPad          *pad,
            GstPadProbeInfo *info,
            gpointer         user_data)
{
  PvExporter *self = user_data;
  GstBuffer *buffer = GST_PAD_PROBE_INFO_BUFFER (info);
  GstVideoFrame frame;
  cairo_surface_t *surface;
  cairo_t *cr;

  if (!self->have_draw_info)
    {
      g_autoptr(GstCaps) caps = gst_pad_get_current_caps (pad);

      if (caps == NULL || !gst_video_info_from_caps (&self->draw_info, caps))
        return GST_PAD_PROBE_OK;
      self->have_draw_info = TRUE;
    }

  buffer = gst_buffer_make_writable (buffer);
  GST_PAD_PROBE_INFO_DATA (info) = buffer;

  if (self->draw_func != NULL
      && gst_video_frame_map (&frame, &self->draw_info, buffer, GST_MAP_READWRITE))
    {
      surface = cairo_image_surface_create_for_data (GST_VIDEO_FRAME_PLANE_DATA (&frame, 0),
                                                     CAIRO_FORMAT_RGB24,
                                                     GST_VIDEO_FRAME_WIDTH (&frame),
                                                     GST_VIDEO_FRAME_HEIGHT (&frame),
                                                     GST_VIDEO_FRAME_PLANE_STRIDE (&frame, 0));
      cr = cairo_create (surface);
      self->draw_func (cr, GST_VIDEO_FRAME_WIDTH (&frame), GST_VIDEO_FRAME_HEIGHT (&frame),
                       (gint64) (GST_BUFFER_PTS (buffer) / GST_USECOND), self->draw_data);
      cairo_destroy (cr);
      cairo_surface_flush (surface);
      cairo_surface_destroy (surface);
      gst_video_frame_unmap (&frame);
    }

  if (self->format != PV_EXPORT_FORMAT_PNG)
    {
      g_mutex_lock (&self->lock);
      self->frames_done++;
      schedule_progress (self);
      g_mutex_unlock (&self->lock);
    }

  return GST_PAD_PROBE_OK;
}

/* PNG files. zlib is by far the slowest step, so the frames are compressed (libpng) by a pool
 * of workers, one per CPU, while the streaming threads decode and draw the next ones. The appsink
 * waits when twice as many frames as workers are in flight, which bounds the memory. */

typedef struct
{
  guint64   number;
  gint64    pts_us;
  char     *file;
  JsonNode *detections;
} SidecarEntry;

static void
sidecar_entry_free (gpointer data)
{
  SidecarEntry *entry = data;

  g_free (entry->file);
  g_clear_pointer (&entry->detections, json_node_unref);
  g_free (entry);
}

typedef struct
{
  GstSample    *sample;
  SidecarEntry *entry;
} PngJob;

/* libpng's errors (a short write on a full disk, "Write Error"): keep the errno of the failed
 * write for the message, instead of libpng printing its own words on stderr. */
static void
png_error_cb (png_structp     png,
              png_const_charp message)
{
  int *saved_errno = png_get_error_ptr (png);

  *saved_errno = errno;
  png_longjmp (png, 1);
}

static void
png_warning_cb (png_structp     png,
                png_const_charp message)
{
  g_debug ("libpng: %s", message);
}

/* Writes one BGRx frame as an RGB PNG with libpng: the zlib level the caller chose, and the "up"
 * filter for every row, which on video frames is both faster and smaller than libpng's
 * adaptive choice (and than no filter). Returns FALSE with errno-style text in @error, and then
 * leaves no file: a truncated PNG among the frames kept would look like one. */
static gboolean
write_png (const char    *path,
           GstVideoFrame *frame,
           int            level,
           GError       **error)
{
  png_structp png = NULL;
  png_infop info = NULL;
  FILE *file;
  int saved_errno;
  volatile int png_errno = 0;
  volatile gboolean ok = FALSE;

  file = g_fopen (path, "wb");
  if (file == NULL)
    {
      saved_errno = errno;
      g_set_error_literal (error, G_FILE_ERROR, g_file_error_from_errno (saved_errno),
                           g_strerror (saved_errno));
      return FALSE;
    }

  png = png_create_write_struct (PNG_LIBPNG_VER_STRING, (void *) &png_errno, png_error_cb,
                                 png_warning_cb);
  info = png != NULL ? png_create_info_struct (png) : NULL;
  if (png != NULL && info != NULL && setjmp (png_jmpbuf (png)) == 0)
    {
      guint8 *data = GST_VIDEO_FRAME_PLANE_DATA (frame, 0);
      int stride = GST_VIDEO_FRAME_PLANE_STRIDE (frame, 0);
      int height = GST_VIDEO_FRAME_HEIGHT (frame);

      png_init_io (png, file);
      png_set_compression_level (png, level);
      png_set_filter (png, PNG_FILTER_TYPE_BASE, PNG_FILTER_UP);
      png_set_IHDR (png, info, GST_VIDEO_FRAME_WIDTH (frame), height, 8, PNG_COLOR_TYPE_RGB,
                    PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
      png_write_info (png, info);
      /* The drawn BGRx frame as it is: libpng reorders and drops the padding byte itself,
       * which saves a whole conversion pass per frame. */
      png_set_bgr (png);
      png_set_filler (png, 0, PNG_FILLER_AFTER);
      for (int y = 0; y < height; y++)
        png_write_row (png, data + (gsize) y * stride);
      png_write_end (png, NULL);
      ok = TRUE;
    }
  png_destroy_write_struct (&png, &info);

  /* A full disk shows up here at the latest. */
  saved_errno = ok ? 0 : png_errno;
  if (fclose (file) != 0 && saved_errno == 0)
    saved_errno = errno;
  if (ok && saved_errno == 0)
    return TRUE;

  g_unlink (path);
  g_set_error_literal (error, G_FILE_ERROR,
                       saved_errno ? g_file_error_from_errno (saved_errno) : G_FILE_ERROR_IO,
                       saved_errno ? g_strerror (saved_errno) : _("the PNG could not be written"));
  return FALSE;
}

static void
png_worker (gpointer data,
            gpointer user_data)
{
  PngJob *job = data;
  PvExporter *self = user_data;
  GstBuffer *buffer = gst_sample_get_buffer (job->sample);
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *shown = NULL;
  GstVideoInfo info;
  GstVideoFrame frame;
  gboolean stopping;

  g_mutex_lock (&self->lock);
  stopping = self->png_stopping && self->stream_error != NULL;
  g_mutex_unlock (&self->lock);

  /* Errors name the file as it will be called in the output, not in the ".partial" one. */
  shown = display_name (self->output);
  if (self->single_png)
    {
      path = g_strdup (g_file_peek_path (self->partial));
    }
  else
    {
      char *in_output = g_build_filename (shown, job->entry->file, NULL);

      g_free (shown);
      shown = in_output;
      path = g_build_filename (g_file_peek_path (self->partial), job->entry->file, NULL);
    }
  if (!stopping
      && gst_video_info_from_caps (&info, gst_sample_get_caps (job->sample))
      && gst_video_frame_map (&frame, &info, buffer, GST_MAP_READ))
    {
      write_png (path, &frame, self->png_level, &error);
      gst_video_frame_unmap (&frame);
    }

  g_mutex_lock (&self->lock);
  if (error != NULL)
    {
      if (self->stream_error == NULL)
        self->stream_error = g_error_new (PV_EXPORTER_ERROR, PV_EXPORTER_ERROR_WRITE,
                                          _("Cannot write “%s”: %s"), shown, error->message);
      sidecar_entry_free (job->entry);
    }
  else if (!stopping)
    {
      g_ptr_array_add (self->sidecar, job->entry);
      self->frames_done++;
      schedule_progress (self);
    }
  else
    {
      sidecar_entry_free (job->entry);
    }
  self->png_in_flight--;
  g_cond_broadcast (&self->png_cond);
  g_mutex_unlock (&self->lock);

  gst_sample_unref (job->sample);
  g_free (job);
}

static GstFlowReturn
on_png_sample (GstAppSink *sink,
               gpointer    user_data)
{
  PvExporter *self = user_data;
  GstSample *sample = gst_app_sink_pull_sample (sink);
  SidecarEntry *entry;
  PngJob *job;
  GstClockTime pts;
  guint64 *found;
  guint max_in_flight = 2 * g_get_num_processors ();

  if (sample == NULL)
    return GST_FLOW_EOS;
  pts = GST_BUFFER_PTS (gst_sample_get_buffer (sample));

  entry = g_new0 (SidecarEntry, 1);
  entry->pts_us = (gint64) (pts / GST_USECOND);
  /* Here, not in the workers: the describe function is called from one thread at a time. */
  if (self->describe_func != NULL)
    entry->detections = self->describe_func (entry->pts_us, self->describe_data);

  g_mutex_lock (&self->lock);
  found = g_hash_table_lookup (self->frame_numbers, &pts);
  if (found != NULL)
    entry->number = *found;
  g_hash_table_remove (self->frame_numbers, &pts);

  while (self->png_in_flight >= max_in_flight && !self->png_stopping)
    g_cond_wait (&self->png_cond, &self->lock);
  if (self->stream_error != NULL || self->png_stopping)
    {
      g_mutex_unlock (&self->lock);
      sidecar_entry_free (entry);
      gst_sample_unref (sample);
      GST_ELEMENT_ERROR (sink, RESOURCE, WRITE, ("a PNG could not be written"), (NULL));
      return GST_FLOW_ERROR;
    }
  self->png_in_flight++;
  g_mutex_unlock (&self->lock);

  /* Named by frame number (0 = the file's first frame) and PTS in whole milliseconds, both
   * zero-padded so that a plain sort is the time order. */
  entry->file = g_strdup_printf ("frame-%06" G_GUINT64_FORMAT "_%08" G_GINT64_FORMAT "ms.png",
                                 entry->number, entry->pts_us / 1000);
  job = g_new0 (PngJob, 1);
  job->sample = sample;
  job->entry = entry;
  g_thread_pool_push (self->png_pool, job, NULL);

  return GST_FLOW_OK;
}

/* Lets the appsink stop waiting for workers, then waits for the workers to finish. */
static void
stop_png_workers (PvExporter *self)
{
  g_mutex_lock (&self->lock);
  self->png_stopping = TRUE;
  g_cond_broadcast (&self->png_cond);
  g_mutex_unlock (&self->lock);
}

/* Building the pipeline */

static GstElement *
make (const char  *factory,
      GError     **error)
{
  GstElement *element = gst_element_factory_make (factory, NULL);

  if (element == NULL)
    g_set_error (error, PV_EXPORTER_ERROR, PV_EXPORTER_ERROR_MISSING_ELEMENT,
                 _("The GStreamer element “%s” is not installed"), factory);
  return element;
}

static gboolean
add_chain (GstBin      *bin,
           GstElement **elements,
           guint        n,
           GError     **error)
{
  for (guint i = 0; i < n; i++)
    if (elements[i] == NULL)
      {
        for (guint j = 0; j < n; j++)
          if (elements[j] != NULL)
            gst_object_unref (gst_object_ref_sink (elements[j]));
        return FALSE;
      }

  for (guint i = 0; i < n; i++)
    gst_bin_add (bin, elements[i]);
  for (guint i = 0; i + 1 < n; i++)
    if (!gst_element_link (elements[i], elements[i + 1]))
      {
        g_set_error (error, PV_EXPORTER_ERROR, PV_EXPORTER_ERROR_MISSING_ELEMENT,
                     _("Cannot link “%s” to “%s”"),
                     GST_OBJECT_NAME (elements[i]), GST_OBJECT_NAME (elements[i + 1]));
        return FALSE;
      }
  return TRUE;
}

/* A range starts the output at its own zero: the running time of the range's first frame
 * becomes 0 on both branches (buffer PTS stay the source's, so drawing still sees the frame's
 * own PTS). A whole-file export keeps the source's timing.
 *
 * The shift is taken from the video's segment, not from the PTS: running time is PTS minus the
 * segment's start (and offset), and qtdemux starts the segment at the first frame's PTS when an
 * edit list delays the video (80 ms on an iPhone clip). Shifting by the range's PTS there moved
 * the range's first frames before running time 0, where x264enc, mp4mux and webmmux clip them.
 * Both pads get the same offset so that sound and picture stay in step.
 *
 * Rebasing (rather than keeping the source's times) makes the exported clip start at 0 in any
 * player, like a file of its own. The range's first frame gets running time 0; WebM shows it at
 * 0, MP4 at x264's reordering delay (two B-frames: 80 ms at 25 fps), since mp4mux keeps the first
 * DTS at 0, exactly as in a whole-file export. Called with @lock held. */
static void
apply_range_offset (PvExporter *self)
{
  if (!self->have_range_offset)
    return;
  if (self->video_out != NULL)
    gst_pad_set_offset (self->video_out, -self->range_offset);
  if (self->audio_out != NULL)
    gst_pad_set_offset (self->audio_out, -self->range_offset);
}

/* Watches the video segment at the gate, before any frame of it passes. */
static GstPadProbeReturn
video_segment_probe (GstPad          *pad,
                     GstPadProbeInfo *info,
                     gpointer         user_data)
{
  PvExporter *self = user_data;
  GstEvent *event = GST_PAD_PROBE_INFO_EVENT (info);
  const GstSegment *segment;
  guint64 from_ns, running;

  if (GST_EVENT_TYPE (event) != GST_EVENT_SEGMENT && GST_EVENT_TYPE (event) != GST_EVENT_EOS)
    return GST_PAD_PROBE_OK;

  g_mutex_lock (&self->lock);
  if (GST_EVENT_TYPE (event) == GST_EVENT_SEGMENT && !self->range_settled
      && needs_range_offset (self))
    {
      gst_event_parse_segment (event, &segment);
      if (segment->format == GST_FORMAT_TIME)
        {
          /* A range that starts before the segment starts at the segment. */
          from_ns = MAX ((guint64) self->from_us * GST_USECOND, segment->start);
          running = gst_segment_to_running_time (segment, GST_FORMAT_TIME, from_ns);
          if (GST_CLOCK_TIME_IS_VALID (running))
            {
              self->range_offset = (gint64) running;
              self->have_range_offset = TRUE;
              apply_range_offset (self);
            }
        }
    }
  /* Without a usable segment (or with no frame at all) the sound falls back to its PTS. */
  self->range_settled = TRUE;
  g_cond_broadcast (&self->range_cond);
  g_mutex_unlock (&self->lock);

  return GST_PAD_PROBE_OK;
}

static void
link_audio (PvExporter *self,
            GstPad     *pad)
{
  GstElement *chain[4] = { NULL, };
  g_autoptr(GError) error = NULL;
  g_autoptr(GstPad) sink = NULL;
  GstElement *encoder;

  /* PNGs have no sound; an unlinked pad would stop the demuxer, so let it drain. */
  if (self->muxer == NULL)
    {
      GstElement *fake = gst_element_factory_make ("fakesink", NULL);

      g_object_set (fake, "sync", FALSE, "async", FALSE, NULL);
      gst_bin_add (GST_BIN (self->pipeline), fake);
      gst_element_sync_state_with_parent (fake);
      sink = gst_element_get_static_pad (fake, "sink");
      gst_pad_link (pad, sink);
      return;
    }

  chain[0] = make ("queue", &error);
  chain[1] = make ("audioconvert", &error);
  chain[2] = make ("audioresample", &error);
  chain[3] = encoder = make (self->format == PV_EXPORT_FORMAT_MP4 ? "avenc_aac" : "opusenc",
                             &error);
  if (!add_chain (GST_BIN (self->pipeline), chain, G_N_ELEMENTS (chain), &error)
      || !gst_element_link (encoder, self->muxer))
    {
      /* Keep the picture rather than fail: say so, and drain the sound. */
      g_warning ("Exporting without sound: %s", error ? error->message : "cannot link audio");
      return;
    }
  for (guint i = 0; i < G_N_ELEMENTS (chain); i++)
    gst_element_sync_state_with_parent (chain[i]);

  sink = gst_element_get_static_pad (chain[0], "sink");
  gst_pad_add_probe (sink, GST_PAD_PROBE_TYPE_BUFFER, audio_gate_probe, self, NULL);
  g_mutex_lock (&self->lock);
  g_clear_object (&self->audio_out);
  self->audio_out = gst_element_get_static_pad (chain[0], "src");
  apply_range_offset (self);
  g_mutex_unlock (&self->lock);
  gst_pad_link (pad, sink);
}

static void
on_pad_added (GstElement *decodebin,
              GstPad     *pad,
              gpointer    user_data)
{
  PvExporter *self = user_data;
  g_autoptr(GstCaps) caps = gst_pad_get_current_caps (pad);
  const char *media;

  if (caps == NULL)
    caps = gst_pad_query_caps (pad, NULL);
  media = gst_structure_get_name (gst_caps_get_structure (caps, 0));

  if (g_str_has_prefix (media, "video/") && !self->have_video)
    {
      g_autoptr(GstPad) sink = gst_element_get_static_pad (self->video_entry, "sink");

      self->have_video = TRUE;
      gst_pad_link (pad, sink);
    }
  else if (g_str_has_prefix (media, "audio/"))
    {
      link_audio (self, pad);
    }
}

static void
on_no_more_pads (GstElement *decodebin,
                 gpointer    user_data)
{
  PvExporter *self = user_data;

  if (!self->have_video)
    GST_ELEMENT_ERROR (decodebin, STREAM, WRONG_TYPE, ("no video stream"), (NULL));
}

/* "speed-preset=medium quantizer=23": set on the video encoder after our defaults, so that
 * benchmarks and users can match another tool's settings. */
static gboolean
apply_encoder_options (PvExporter  *self,
                       GstElement  *encoder,
                       GError     **error)
{
  g_auto(GStrv) options = NULL;

  if (self->encoder_options == NULL)
    return TRUE;

  options = g_strsplit_set (self->encoder_options, " \t", -1);
  for (guint i = 0; options[i] != NULL; i++)
    {
      g_auto(GStrv) pair = NULL;

      if (options[i][0] == '\0')
        continue;
      pair = g_strsplit (options[i], "=", 2);
      if (pair[1] == NULL
          || g_object_class_find_property (G_OBJECT_GET_CLASS (encoder), pair[0]) == NULL)
        {
          g_set_error (error, PV_EXPORTER_ERROR, PV_EXPORTER_ERROR_BAD_OPTION,
                       _("“%s” is not an option of the encoder “%s”"), options[i],
                       GST_OBJECT_NAME (gst_element_get_factory (encoder)));
          return FALSE;
        }
      gst_util_set_object_arg (G_OBJECT (encoder), pair[0], pair[1]);
    }
  return TRUE;
}

static gboolean
build_pipeline (PvExporter  *self,
                GError     **error)
{
  g_autofree char *uri = g_file_get_uri (self->video);
  GstElement *head[5] = { NULL, };
  GstElement *tail[6] = { NULL, };
  guint n_tail = 0;
  GstElement *decode;
  g_autoptr(GstCaps) bgrx = gst_caps_from_string ("video/x-raw,format=BGRx");
  g_autoptr(GstPad) gate = NULL;
  g_autoptr(GstPad) drawpad = NULL;

  self->pipeline = gst_object_ref_sink (gst_pipeline_new ("pathview-export"));

  decode = make ("uridecodebin", error);
  if (decode == NULL)
    return FALSE;
  g_object_set (decode, "uri", uri, NULL);
  gst_bin_add (GST_BIN (self->pipeline), decode);
  g_signal_connect (decode, "pad-added", G_CALLBACK (on_pad_added), self);
  g_signal_connect (decode, "no-more-pads", G_CALLBACK (on_no_more_pads), self);

  head[0] = make ("queue", error);
  head[1] = make ("videoflip", error);
  head[2] = make ("videoconvert", error);
  head[3] = make ("capsfilter", error);
  if (head[0] != NULL)
    g_object_set (head[0], "max-size-buffers", 8, "max-size-bytes", 0, "max-size-time",
                  (guint64) 0, NULL);
  if (head[1] != NULL)
    gst_util_set_object_arg (G_OBJECT (head[1]), "video-direction", "auto");
  if (head[2] != NULL)
    g_object_set (head[2], "n-threads", MIN (g_get_num_processors (), 4u), NULL);
  if (head[3] != NULL)
    g_object_set (head[3], "caps", bgrx, NULL);

  switch (self->format)
    {
    case PV_EXPORT_FORMAT_MP4:
    case PV_EXPORT_FORMAT_WEBM:
      {
        gboolean mp4 = self->format == PV_EXPORT_FORMAT_MP4;
        g_autoptr(GstCaps) i420 = gst_caps_from_string ("video/x-raw,format=I420");
        GstElement *encoder;

        tail[n_tail++] = make ("videoconvert", error);
        tail[n_tail++] = make ("capsfilter", error);
        tail[n_tail++] = encoder = make (mp4 ? "x264enc" : "vp9enc", error);
        if (mp4)
          tail[n_tail++] = make ("h264parse", error);
        tail[n_tail++] = self->muxer = make (mp4 ? "mp4mux" : "webmmux", error);
        tail[n_tail++] = make ("filesink", error);
        if (tail[0] != NULL)
          g_object_set (tail[0], "n-threads", MIN (g_get_num_processors (), 4u), NULL);
        /* 4:2:0, 8 bit. Left to negotiate, our RGB frames make x264enc pick 4:4:4 (H.264
         * High 4:4:4 Predictive), which browsers, phones and most hardware decoders cannot
         * play, and which costs twice the chroma work. vp9enc picks I420 by itself today;
         * the filter keeps it from drifting to 4:4:4 (VP9 profile 1) likewise. */
        if (tail[1] != NULL)
          g_object_set (tail[1], "caps", i420, NULL);
        if (encoder != NULL && mp4)
          {
            /* Quality-based rate control (CRF 20) keeps the picture close to the source,
             * without a VBV cap, as FFmpeg's CRF. In this mode x264enc turns its "bitrate"
             * (2048 kbit/s unless set) into a VBV cap, which smears 1080p, and even a cap that
             * never binds made 1080p encoding 10-20% slower (tools/bench-export). With an
             * empty VBV buffer, x264 drops the cap. */
            gst_util_set_object_arg (G_OBJECT (encoder), "pass", "qual");
            gst_util_set_object_arg (G_OBJECT (encoder), "speed-preset", "veryfast");
            g_object_set (encoder, "quantizer", 20, NULL);
            g_object_set (encoder, "vbv-buf-capacity", 0, NULL);
          }
        else if (encoder != NULL)
          {
            gst_util_set_object_arg (G_OBJECT (encoder), "end-usage", "cq");
            g_object_set (encoder, "cq-level", 32, "deadline", (gint64) 1, "cpu-used", 5,
                          "threads", (int) g_get_num_processors (), "row-mt", TRUE, NULL);
          }
        if (tail[n_tail - 1] != NULL)
          g_object_set (tail[n_tail - 1], "location", g_file_peek_path (self->partial),
                        "sync", FALSE, NULL);
        if (encoder != NULL && !apply_encoder_options (self, encoder, error))
          {
            for (guint i = 0; i < n_tail; i++)
              if (tail[i] != NULL)
                gst_object_unref (gst_object_ref_sink (tail[i]));
            for (guint i = 0; i < 4; i++)
              if (head[i] != NULL)
                gst_object_unref (gst_object_ref_sink (head[i]));
            return FALSE;
          }
      }
      break;

    case PV_EXPORT_FORMAT_PNG:
      {
        GstAppSinkCallbacks callbacks = { NULL, NULL, on_png_sample, NULL, { NULL } };

        /* The workers compress the drawn BGRx frames as they are. */
        tail[n_tail++] = make ("appsink", error);
        if (tail[0] != NULL)
          {
            g_object_set (tail[0], "sync", FALSE, "enable-last-sample", FALSE, NULL);
            gst_app_sink_set_callbacks (GST_APP_SINK (tail[0]), &callbacks, self, NULL);
          }
        self->png_pool = g_thread_pool_new (png_worker, self, g_get_num_processors (), FALSE,
                                            NULL);
      }
      break;

    default:
      g_assert_not_reached ();
    }

  if (!add_chain (GST_BIN (self->pipeline), head, 4, error))
    return FALSE;
  if (!add_chain (GST_BIN (self->pipeline), tail, n_tail, error))
    return FALSE;
  if (!gst_element_link (head[3], tail[0]))
    {
      g_set_error (error, PV_EXPORTER_ERROR, PV_EXPORTER_ERROR_MISSING_ELEMENT,
                   _("Cannot link “%s” to “%s”"), "capsfilter", GST_OBJECT_NAME (tail[0]));
      return FALSE;
    }

  self->video_entry = head[0];
  g_mutex_lock (&self->lock);
  g_clear_object (&self->video_out);
  self->video_out = gst_element_get_static_pad (head[0], "src");
  g_mutex_unlock (&self->lock);
  gate = gst_element_get_static_pad (head[0], "sink");
  gst_pad_add_probe (gate, GST_PAD_PROBE_TYPE_EVENT_DOWNSTREAM, video_segment_probe, self, NULL);
  gst_pad_add_probe (gate, GST_PAD_PROBE_TYPE_BUFFER, video_gate_probe, self, NULL);
  drawpad = gst_element_get_static_pad (head[3], "src");
  gst_pad_add_probe (drawpad, GST_PAD_PROBE_TYPE_BUFFER, draw_probe, self, NULL);

  return TRUE;
}

/* Files */

static int
compare_entries (gconstpointer a,
                 gconstpointer b)
{
  const SidecarEntry *x = *(SidecarEntry * const *) a;
  const SidecarEntry *y = *(SidecarEntry * const *) b;

  return x->number < y->number ? -1 : x->number > y->number;
}

/* Writes the sidecar of a PNG export: one entry per file, in frame order. */
static gboolean
write_sidecar (PvExporter  *self,
               GError     **error)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonBuilder) root = json_builder_new ();
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *video_name = g_file_get_basename (self->video);
  g_autofree char *path = g_build_filename (g_file_peek_path (self->partial), "frames.json",
                                            NULL);
  g_autofree char *text = NULL;

  g_ptr_array_sort (self->sidecar, compare_entries);

  json_builder_begin_object (root);
  json_builder_set_member_name (root, "video");
  json_builder_add_string_value (root, video_name);
  json_builder_set_member_name (root, "first_pts_us");
  json_builder_add_int_value (root, self->first_pts_us);
  json_builder_set_member_name (root, "frame_numbering");
  json_builder_add_string_value (root, "0-based index of the decoded frame in presentation "
                                       "order; frame 0 has PTS first_pts_us");
  json_builder_set_member_name (root, "frames");
  json_builder_begin_array (root);
  for (guint i = 0; i < self->sidecar->len; i++)
    {
      SidecarEntry *entry = g_ptr_array_index (self->sidecar, i);

      json_builder_begin_object (root);
      json_builder_set_member_name (root, "file");
      json_builder_add_string_value (root, entry->file);
      json_builder_set_member_name (root, "frame");
      json_builder_add_int_value (root, (gint64) entry->number);
      json_builder_set_member_name (root, "pts_us");
      json_builder_add_int_value (root, entry->pts_us);
      if (entry->detections != NULL)
        {
          json_builder_set_member_name (root, "detections");
          json_builder_add_value (root, json_node_ref (entry->detections));
        }
      json_builder_end_object (root);
    }
  json_builder_end_array (root);
  json_builder_end_object (root);

  node = json_builder_get_root (root);
  json_generator_set_root (generator, node);
  json_generator_set_pretty (generator, TRUE);
  text = json_generator_to_data (generator, NULL);
  if (!g_file_set_contents (path, text, -1, error))
    return FALSE;
  return TRUE;
}

/* Removes the output of a failed video export; returns the partial folder's name (PNG). */
static char *
discard_partial (PvExporter *self)
{
  if (self->partial == NULL)
    return NULL;

  if (self->format == PV_EXPORT_FORMAT_PNG && !self->single_png)
    {
      guint done;

      g_mutex_lock (&self->lock);
      done = self->frames_done;
      g_mutex_unlock (&self->lock);

      if (done > 0 || self->writing_in_place)
        {
          g_autoptr(GError) error = NULL;

          /* What is there is still useful; the sidecar says which frames they are. */
          if (!write_sidecar (self, &error))
            g_debug ("No sidecar for the partial export: %s", error->message);
          return display_name (self->partial);
        }
      g_rmdir (g_file_peek_path (self->partial));
      return NULL;
    }

  g_unlink (g_file_peek_path (self->partial));
  return NULL;
}

static void
stop_pipeline (PvExporter *self)
{
  /* A sound thread waiting for the video's segment would keep the pipeline from stopping. */
  g_mutex_lock (&self->lock);
  self->range_settled = TRUE;
  g_cond_broadcast (&self->range_cond);
  g_mutex_unlock (&self->lock);
  if (self->png_pool != NULL)
    stop_png_workers (self);
  if (self->pipeline != NULL)
    gst_element_set_state (self->pipeline, GST_STATE_NULL);
  /* Waits for the PNGs still being compressed: few, by the in-flight limit. */
  if (self->png_pool != NULL)
    g_thread_pool_free (g_steal_pointer (&self->png_pool), FALSE, TRUE);
  if (self->bus_source != NULL)
    {
      g_source_destroy (self->bus_source);
      g_clear_pointer (&self->bus_source, g_source_unref);
    }
  if (self->cancel_source != NULL)
    {
      g_source_destroy (self->cancel_source);
      g_clear_pointer (&self->cancel_source, g_source_unref);
    }
  g_mutex_lock (&self->lock);
  if (self->progress_source != NULL)
    {
      g_source_destroy (self->progress_source);
      g_clear_pointer (&self->progress_source, g_source_unref);
    }
  g_clear_object (&self->video_out);
  g_clear_object (&self->audio_out);
  g_mutex_unlock (&self->lock);
  g_clear_object (&self->pipeline);
  self->muxer = NULL;
  self->video_entry = NULL;
}

static gboolean
complete (PvExporter  *self,
          GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *name = display_name (self->output);

  if (self->frames_done == 0)
    {
      g_autofree char *video_name = display_name (self->video);

      /* Name the video: its frames are what the range did not meet. */
      g_set_error (error, PV_EXPORTER_ERROR, PV_EXPORTER_ERROR_NOTHING,
                   _("No frame of “%s” is in the chosen range."), video_name);
      return FALSE;
    }

  if (self->format == PV_EXPORT_FORMAT_PNG && !self->single_png)
    {
      if (!write_sidecar (self, &local_error))
        {
          g_autofree char *reason = output_message (self, local_error->message);

          g_set_error (error, PV_EXPORTER_ERROR, PV_EXPORTER_ERROR_WRITE,
                       _("Cannot write the frame list into “%s”: %s"), name, reason);
          return FALSE;
        }
      if (self->writing_in_place)
        return TRUE;
      if (!g_file_move (self->partial, self->output, G_FILE_COPY_NONE, NULL, NULL, NULL,
                        &local_error))
        {
          g_set_error (error, PV_EXPORTER_ERROR, PV_EXPORTER_ERROR_WRITE,
                       _("Cannot rename the finished export to “%s”: %s"), name,
                       local_error->message);
          return FALSE;
        }
      return TRUE;
    }

  if (!g_file_move (self->partial, self->output,
                    self->force ? G_FILE_COPY_OVERWRITE : G_FILE_COPY_NONE,
                    NULL, NULL, NULL, &local_error))
    {
      g_set_error (error, PV_EXPORTER_ERROR, PV_EXPORTER_ERROR_WRITE,
                   _("Cannot rename the finished export to “%s”: %s"), name,
                   local_error->message);
      return FALSE;
    }
  return TRUE;
}

/* A file whose data stops before the duration its header gives (a download or copy cut short,
 * with the index at the front) decodes up to the cut and then ends as if complete. When the
 * range reached past the cut, the export has less than was asked for: say so. More than a second
 * short, so that a last frame's rounding is never a cut. Runs before the pipeline is stopped,
 * while it still knows its duration. */
static void
check_cut_short (PvExporter *self)
{
  gint64 duration_ns = 0, stop, claimed;
  g_autofree char *name = NULL;

  if (!self->have_first_pts || self->video_ended || self->pipeline == NULL
      || !gst_element_query_duration (self->pipeline, GST_FORMAT_TIME, &duration_ns)
      || duration_ns <= 0)
    return;
  stop = self->last_pts_us + (self->fps > 0 ? (gint64) (G_USEC_PER_SEC / self->fps) : 0);
  claimed = self->first_pts_us + duration_ns / GST_USECOND;
  if (stop >= claimed - G_USEC_PER_SEC || stop >= self->to_us)
    return;
  name = display_name (self->video);
  g_free (self->warning);
  self->warning = g_strdup_printf (_("“%s” may be cut short: it stops at %.1f s of the %.1f s it "
                                     "says it lasts"),
                                   name, (stop - self->first_pts_us) / 1e6,
                                   (claimed - self->first_pts_us) / 1e6);
}

static void
finish (PvExporter *self,
        GError     *error)
{
  g_autoptr(GTask) task = g_steal_pointer (&self->task);
  g_autoptr(GError) owned = error;

  if (task == NULL)
    return;

  if (error == NULL)
    check_cut_short (self);
  stop_pipeline (self);
  /* A PNG worker may have failed after the last frame went through. */
  g_mutex_lock (&self->lock);
  if (owned == NULL && self->stream_error != NULL)
    owned = g_steal_pointer (&self->stream_error);
  g_mutex_unlock (&self->lock);
  /* Final progress, so "done" matches what was written; when complete, it is the total. */
  if (owned == NULL && self->frames_total != self->frames_done)
    {
      self->frames_total = self->frames_done;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FRAMES_TOTAL]);
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FRAMES_DONE]);
  g_signal_emit (self, signals[PROGRESS], 0, self->frames_done, self->frames_total,
                 owned == NULL ? 0.0 : -1.0);

  if (owned == NULL)
    {
      GError *complete_error = NULL;

      if (complete (self, &complete_error))
        {
          g_clear_object (&self->partial);
          g_task_return_boolean (task, TRUE);
          return;
        }
      owned = complete_error;
    }

  {
    g_autofree char *kept = discard_partial (self);
    g_autofree char *note = NULL;

    /* Say what became of the output, after what went wrong. */
    if (kept != NULL)
      note = g_strdup_printf (_("The frames written so far are in “%s”."), kept);
    else if (self->format != PV_EXPORT_FORMAT_PNG || self->single_png)
      note = g_strdup (_("The unfinished file was removed."));
    if (note != NULL)
      {
        /* "Cannot write …: No space left on device" may come without a full stop. */
        char *message = g_strconcat (owned->message,
                                     g_str_has_suffix (owned->message, ".") ? " " : ". ", note,
                                     NULL);

        g_free (owned->message);
        owned->message = message;
      }
  }
  g_clear_object (&self->partial);
  g_task_return_error (task, g_steal_pointer (&owned));
}

static gboolean
bus_cb (GstBus     *bus,
        GstMessage *message,
        gpointer    user_data)
{
  PvExporter *self = user_data;

  switch (GST_MESSAGE_TYPE (message))
    {
    case GST_MESSAGE_EOS:
      finish (self, NULL);
      return G_SOURCE_REMOVE;

    case GST_MESSAGE_ERROR:
      {
        g_autoptr(GError) gst_error = NULL;
        g_autofree char *debug = NULL;
        g_autofree char *input = display_name (self->video);
        g_autofree char *output = display_name (self->output);
        g_autofree char *reason = NULL;
        GError *error;

        gst_message_parse_error (message, &gst_error, &debug);
        reason = output_message (self, gst_error->message);
        g_debug ("GStreamer error from %s: %s (%s)", GST_MESSAGE_SRC_NAME (message),
                 gst_error->message, debug ? debug : "");

        g_mutex_lock (&self->lock);
        error = g_steal_pointer (&self->stream_error);
        g_mutex_unlock (&self->lock);

        if (error == NULL && gst_error->domain == GST_RESOURCE_ERROR
            && (gst_error->code == GST_RESOURCE_ERROR_WRITE
                || gst_error->code == GST_RESOURCE_ERROR_OPEN_WRITE
                || gst_error->code == GST_RESOURCE_ERROR_OPEN_READ_WRITE
                || gst_error->code == GST_RESOURCE_ERROR_NO_SPACE_LEFT))
          error = g_error_new (PV_EXPORTER_ERROR, PV_EXPORTER_ERROR_WRITE,
                               _("Cannot write “%s”: %s"), output, reason);
        else if (error == NULL && gst_error->domain == GST_STREAM_ERROR
                 && gst_error->code == GST_STREAM_ERROR_WRONG_TYPE)
          error = g_error_new (PV_EXPORTER_ERROR, PV_EXPORTER_ERROR_INPUT,
                               _("“%s” has no video stream"), input);
        else if (error == NULL)
          error = g_error_new (PV_EXPORTER_ERROR, PV_EXPORTER_ERROR_INPUT,
                               _("Cannot export “%s”: %s"), input, reason);
        finish (self, error);
      }
      return G_SOURCE_REMOVE;

    default:
      break;
    }

  return G_SOURCE_CONTINUE;
}

static gboolean
cancelled_cb (GCancellable *cancellable,
              gpointer      user_data)
{
  PvExporter *self = user_data;

  finish (self, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, _("Export cancelled.")));
  return G_SOURCE_REMOVE;
}

/* Claims the output: refuses to overwrite without force, creates the partial file or folder
 * so that a folder that cannot be written fails here, with its name, before any decoding. */
static gboolean
prepare_output (PvExporter  *self,
                GError     **error)
{
  g_autofree char *name = display_name (self->output);
  g_autofree char *partial_path = NULL;
  GFileType type = g_file_query_file_type (self->output, G_FILE_QUERY_INFO_NONE, NULL);
  int saved_errno;

  if (type != G_FILE_TYPE_UNKNOWN && !self->force)
    {
      g_set_error (error, PV_EXPORTER_ERROR, PV_EXPORTER_ERROR_EXISTS,
                   _("“%s” already exists; choose another name or allow overwriting"), name);
      return FALSE;
    }

  if (self->format == PV_EXPORT_FORMAT_PNG && !self->single_png)
    {
      if (type == G_FILE_TYPE_DIRECTORY)
        {
          self->writing_in_place = TRUE;
          self->partial = g_object_ref (self->output);
          return TRUE;
        }
      if (type != G_FILE_TYPE_UNKNOWN)
        {
          g_set_error (error, PV_EXPORTER_ERROR, PV_EXPORTER_ERROR_EXISTS,
                       _("“%s” is a file; PNG frames need a folder"), name);
          return FALSE;
        }
      partial_path = g_strconcat (g_file_peek_path (self->output), ".partial", NULL);
      if (g_mkdir (partial_path, 0777) != 0)
        {
          /* Name the folder the user chose: the ".partial" one is ours. */
          saved_errno = errno;
          g_set_error (error, PV_EXPORTER_ERROR, PV_EXPORTER_ERROR_WRITE,
                       _("Cannot create the folder “%s”: %s"), name,
                       g_strerror (saved_errno));
          return FALSE;
        }
    }
  else
    {
      int fd;

      if (type == G_FILE_TYPE_DIRECTORY)
        {
          g_set_error (error, PV_EXPORTER_ERROR, PV_EXPORTER_ERROR_EXISTS,
                       _("“%s” is a folder"), name);
          return FALSE;
        }
      partial_path = g_strconcat (g_file_peek_path (self->output), ".partial", NULL);
      fd = g_open (partial_path, O_WRONLY | O_CREAT | O_TRUNC, 0666);
      if (fd < 0)
        {
          saved_errno = errno;
          g_set_error (error, PV_EXPORTER_ERROR, PV_EXPORTER_ERROR_WRITE,
                       _("Cannot create “%s”: %s"), name, g_strerror (saved_errno));
          return FALSE;
        }
      g_close (fd, NULL);
    }

  self->partial = g_file_new_for_path (partial_path);
  return TRUE;
}

/* The shared renderer, over a PvTimeline */

typedef struct
{
  PvTimeline     *timeline;
  PvOverlayStyle  style;
} Overlay;

static void
overlay_free (gpointer data)
{
  Overlay *overlay = data;

  g_object_unref (overlay->timeline);
  g_free (overlay);
}

static void
overlay_draw (cairo_t  *cr,
              int       width,
              int       height,
              gint64    media_time_us,
              gpointer  user_data)
{
  Overlay *overlay = user_data;

  pv_overlay_draw (cr, 0, 0, width, height, overlay->timeline, media_time_us, &overlay->style);
}

static gboolean
overlay_has_people (gint64   media_time_us,
                    gpointer user_data)
{
  g_autoptr(GArray) visible = g_array_new (FALSE, FALSE, sizeof (PvVisiblePerson));

  pv_timeline_visible_at (user_data, media_time_us, visible);
  return visible->len > 0;
}

static void
add_box (JsonBuilder *builder,
         const char  *name,
         const PvBox *box)
{
  json_builder_set_member_name (builder, name);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "Left");
  json_builder_add_double_value (builder, box->left);
  json_builder_set_member_name (builder, "Top");
  json_builder_add_double_value (builder, box->top);
  json_builder_set_member_name (builder, "Width");
  json_builder_add_double_value (builder, box->width);
  json_builder_set_member_name (builder, "Height");
  json_builder_add_double_value (builder, box->height);
  json_builder_end_object (builder);
}

/* What was drawn on a frame: the visible people, in the API's own names where it has them. */
static JsonNode *
overlay_describe (gint64   media_time_us,
                  gpointer user_data)
{
  g_autoptr(GArray) visible = g_array_new (FALSE, FALSE, sizeof (PvVisiblePerson));
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  pv_timeline_visible_at (user_data, media_time_us, visible);
  json_builder_begin_array (builder);
  for (guint i = 0; i < visible->len; i++)
    {
      const PvVisiblePerson *p = &g_array_index (visible, PvVisiblePerson, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "Index");
      json_builder_add_int_value (builder, p->index);
      json_builder_set_member_name (builder, "Timestamp");
      json_builder_add_int_value (builder, p->timestamp_ms);
      json_builder_set_member_name (builder, "Interpolated");
      json_builder_add_boolean_value (builder, p->interpolated);
      if (p->flags & PV_DETECTION_HAS_BOX)
        add_box (builder, "BoundingBox", &p->box);
      if (p->flags & PV_DETECTION_HAS_CONFIDENCE)
        {
          json_builder_set_member_name (builder, "Confidence");
          json_builder_add_double_value (builder, p->confidence);
        }
      if (p->face != NULL)
        add_box (builder, "FaceBoundingBox", &p->face->box);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  return json_builder_get_root (builder);
}

/**
 * pv_exporter_set_overlay:
 * @timeline: what to draw; it must not change while the export runs (it is read from a
 *   streaming thread), so give the export its own timeline or keep the UI from editing it
 * @style: copied
 * @flags: #PvExportOverlayFlags
 *
 * Draws with pv_overlay_draw(), the screen's renderer, and lists the drawn people in the PNG
 * sidecar. Replaces any draw, filter and describe function.
 */
void
pv_exporter_set_overlay (PvExporter           *self,
                         PvTimeline           *timeline,
                         const PvOverlayStyle *style,
                         PvExportOverlayFlags  flags)
{
  Overlay *overlay;

  g_return_if_fail (PV_IS_EXPORTER (self));
  g_return_if_fail (PV_IS_TIMELINE (timeline));
  g_return_if_fail (style != NULL);
  g_return_if_fail (self->task == NULL);

  overlay = g_new0 (Overlay, 1);
  overlay->timeline = g_object_ref (timeline);
  overlay->style = *style;
  pv_exporter_set_draw_func (self, overlay_draw, overlay, overlay_free);
  pv_exporter_set_describe_func (self, overlay_describe, g_object_ref (timeline),
                                 g_object_unref);
  if (flags & PV_EXPORT_OVERLAY_DETECTIONS_ONLY)
    pv_exporter_set_filter_func (self, overlay_has_people, g_object_ref (timeline),
                                 g_object_unref);
  else
    pv_exporter_set_filter_func (self, NULL, NULL, NULL);
  g_clear_object (&self->align_timeline);
  if (flags & PV_EXPORT_OVERLAY_ALIGN_TIMELINE)
    self->align_timeline = g_object_ref (timeline);
}

/* GObject */

static void
pv_exporter_dispose (GObject *object)
{
  PvExporter *self = PV_EXPORTER (object);

  stop_pipeline (self);

  G_OBJECT_CLASS (pv_exporter_parent_class)->dispose (object);
}

static void
pv_exporter_finalize (GObject *object)
{
  PvExporter *self = PV_EXPORTER (object);

  if (self->draw_destroy != NULL)
    self->draw_destroy (self->draw_data);
  if (self->filter_destroy != NULL)
    self->filter_destroy (self->filter_data);
  if (self->describe_destroy != NULL)
    self->describe_destroy (self->describe_data);
  g_clear_object (&self->align_timeline);
  g_free (self->encoder_options);
  g_free (self->warning);
  g_clear_object (&self->video);
  g_clear_object (&self->output);
  g_clear_object (&self->partial);
  g_clear_pointer (&self->sidecar, g_ptr_array_unref);
  g_clear_pointer (&self->frame_numbers, g_hash_table_unref);
  g_clear_pointer (&self->context, g_main_context_unref);
  g_cond_clear (&self->png_cond);
  g_cond_clear (&self->range_cond);
  g_clear_error (&self->stream_error);
  g_mutex_clear (&self->lock);

  G_OBJECT_CLASS (pv_exporter_parent_class)->finalize (object);
}

static void
pv_exporter_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  PvExporter *self = PV_EXPORTER (object);

  switch (prop_id)
    {
    case PROP_FRAMES_DONE:
      g_value_set_uint (value, pv_exporter_get_frames_done (self));
      break;
    case PROP_FRAMES_TOTAL:
      g_value_set_uint (value, self->frames_total);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pv_exporter_class_init (PvExporterClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags ro = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = pv_exporter_dispose;
  object_class->finalize = pv_exporter_finalize;
  object_class->get_property = pv_exporter_get_property;

  properties[PROP_FRAMES_DONE] =
    g_param_spec_uint ("frames-done", NULL, NULL, 0, G_MAXUINT, 0, ro);
  properties[PROP_FRAMES_TOTAL] =
    g_param_spec_uint ("frames-total", NULL, NULL, 0, G_MAXUINT, 0, ro);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * PvExporter::progress:
   * @done: frames written
   * @total: frames expected (0 while unknown; an estimate from duration and frame rate)
   * @eta: seconds left, or -1 while unknown
   */
  signals[PROGRESS] =
    g_signal_new ("progress", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 3, G_TYPE_UINT, G_TYPE_UINT, G_TYPE_DOUBLE);
}

static void
pv_exporter_init (PvExporter *self)
{
  if (!gst_is_initialized ())
    gst_init (NULL, NULL);

  g_mutex_init (&self->lock);
  g_cond_init (&self->png_cond);
  g_cond_init (&self->range_cond);
  self->from_us = G_MININT64;
  self->to_us = G_MAXINT64;
  self->every = 1;
  self->png_level = 1;
}

/* Public API */

/**
 * pv_exporter_probe_video:
 * @info: (out): what the video is
 * Decodes the first frame of @video, synchronously (a preroll: some tens of milliseconds), for
 * callers that need the time base before an export starts, such as the command line.
 */
gboolean
pv_exporter_probe_video (GFile             *video,
                         PvExportVideoInfo *info,
                         GError           **error)
{
  g_autofree char *uri = NULL;
  g_autofree char *name = NULL;
  g_autoptr(GstElement) playbin = NULL;
  g_autoptr(GstBus) bus = NULL;
  g_autoptr(GstMessage) message = NULL;
  g_autoptr(GstSample) sample = NULL;
  GstElement *video_sink, *audio_sink;
  gint64 duration_ns = 0;
  gboolean ok = FALSE;

  g_return_val_if_fail (G_IS_FILE (video), FALSE);
  g_return_val_if_fail (info != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  memset (info, 0, sizeof *info);
  if (!gst_is_initialized ())
    gst_init (NULL, NULL);

  name = display_name (video);
  if (!g_file_query_exists (video, NULL))
    {
      g_set_error (error, PV_EXPORTER_ERROR, PV_EXPORTER_ERROR_INPUT,
                   _("“%s” does not exist"), name);
      return FALSE;
    }

  uri = g_file_get_uri (video);
  playbin = gst_element_factory_make ("playbin", NULL);
  video_sink = gst_element_factory_make ("fakesink", NULL);
  audio_sink = gst_element_factory_make ("fakesink", NULL);
  if (playbin == NULL || video_sink == NULL || audio_sink == NULL)
    {
      g_set_error (error, PV_EXPORTER_ERROR, PV_EXPORTER_ERROR_MISSING_ELEMENT,
                   _("The GStreamer element “%s” is not installed"), "playbin");
      g_clear_object (&video_sink);
      g_clear_object (&audio_sink);
      return FALSE;
    }
  gst_object_ref_sink (playbin);
  g_object_set (video_sink, "enable-last-sample", TRUE, NULL);
  g_object_set (playbin, "uri", uri, "video-sink", video_sink, "audio-sink", audio_sink, NULL);

  bus = gst_element_get_bus (playbin);
  gst_element_set_state (playbin, GST_STATE_PAUSED);
  message = gst_bus_timed_pop_filtered (bus, 60 * GST_SECOND,
                                        GST_MESSAGE_ASYNC_DONE | GST_MESSAGE_ERROR);
  if (message == NULL)
    {
      g_set_error (error, PV_EXPORTER_ERROR, PV_EXPORTER_ERROR_INPUT,
                   _("Cannot export “%s”: %s"), name, _("it took too long to open"));
    }
  else if (GST_MESSAGE_TYPE (message) == GST_MESSAGE_ERROR)
    {
      g_autoptr(GError) gst_error = NULL;

      gst_message_parse_error (message, &gst_error, NULL);
      g_set_error (error, PV_EXPORTER_ERROR, PV_EXPORTER_ERROR_INPUT,
                   _("Cannot export “%s”: %s"), name, gst_error->message);
    }
  else
    {
      g_object_get (playbin, "sample", &sample, NULL);
      if (sample == NULL || !GST_BUFFER_PTS_IS_VALID (gst_sample_get_buffer (sample)))
        {
          g_set_error (error, PV_EXPORTER_ERROR, PV_EXPORTER_ERROR_INPUT,
                       _("“%s” has no video stream"), name);
        }
      else
        {
          GstVideoInfo vinfo;

          info->first_pts_us = (gint64) (GST_BUFFER_PTS (gst_sample_get_buffer (sample))
                                         / GST_USECOND);
          if (gst_element_query_duration (playbin, GST_FORMAT_TIME, &duration_ns))
            info->duration_us = duration_ns / GST_USECOND;
          if (gst_video_info_from_caps (&vinfo, gst_sample_get_caps (sample)))
            {
              info->width = GST_VIDEO_INFO_WIDTH (&vinfo);
              info->height = GST_VIDEO_INFO_HEIGHT (&vinfo);
              if (GST_VIDEO_INFO_FPS_N (&vinfo) > 0 && GST_VIDEO_INFO_FPS_D (&vinfo) > 0)
                info->frame_rate = (double) GST_VIDEO_INFO_FPS_N (&vinfo)
                                   / GST_VIDEO_INFO_FPS_D (&vinfo);
            }
          ok = TRUE;
        }
    }

  gst_element_set_state (playbin, GST_STATE_NULL);
  return ok;
}

/**
 * pv_exporter_new:
 * @video: the source video
 * @output: the file (MP4, WebM) or folder (PNG) to create
 * @format: what to write
 */
PvExporter *
pv_exporter_new (GFile          *video,
                 GFile          *output,
                 PvExportFormat  format)
{
  PvExporter *self;

  g_return_val_if_fail (G_IS_FILE (video), NULL);
  g_return_val_if_fail (G_IS_FILE (output), NULL);
  g_return_val_if_fail (format <= PV_EXPORT_FORMAT_WEBM, NULL);

  self = g_object_new (PV_TYPE_EXPORTER, NULL);
  self->video = g_object_ref (video);
  self->output = g_object_ref (output);
  self->format = format;
  return self;
}

/**
 * pv_exporter_set_range:
 * @from_us: first media time (PTS, µs) to export, inclusive; G_MININT64 for the start
 * @to_us: last media time to export, inclusive; G_MAXINT64 for the end
 */
void
pv_exporter_set_range (PvExporter *self,
                       gint64      from_us,
                       gint64      to_us)
{
  g_return_if_fail (PV_IS_EXPORTER (self));
  g_return_if_fail (from_us <= to_us);
  g_return_if_fail (self->task == NULL);

  self->from_us = from_us;
  self->to_us = to_us;
}

/**
 * pv_exporter_set_every:
 * @every: for PNGs, keep every @every-th frame of the range (1 = all)
 */
void
pv_exporter_set_every (PvExporter *self,
                       guint       every)
{
  g_return_if_fail (PV_IS_EXPORTER (self));
  g_return_if_fail (every >= 1);
  g_return_if_fail (self->task == NULL);

  self->every = every;
}

/**
 * pv_exporter_set_force:
 * @force: overwrite an existing output (for PNGs: write into the existing folder)
 */
void
pv_exporter_set_force (PvExporter *self,
                       gboolean    force)
{
  g_return_if_fail (PV_IS_EXPORTER (self));
  g_return_if_fail (self->task == NULL);

  self->force = !!force;
}

/**
 * pv_exporter_set_png_compression:
 * @level: zlib level 0-9 (default 1, as OpenCV's cv2.imwrite)
 */
void
pv_exporter_set_png_compression (PvExporter *self,
                                 int         level)
{
  g_return_if_fail (PV_IS_EXPORTER (self));
  g_return_if_fail (level >= 0 && level <= 9);

  self->png_level = level;
}

/**
 * pv_exporter_set_encoder_options:
 * @options: (nullable): space-separated "property=value" pairs for the video encoder
 *   (x264enc or vp9enc), e.g. "speed-preset=medium quantizer=23"
 */
void
pv_exporter_set_encoder_options (PvExporter *self,
                                 const char *options)
{
  g_return_if_fail (PV_IS_EXPORTER (self));
  g_return_if_fail (self->task == NULL);

  g_free (self->encoder_options);
  self->encoder_options = g_strdup (options);
}

void
pv_exporter_set_draw_func (PvExporter       *self,
                           PvExportDrawFunc  func,
                           gpointer          user_data,
                           GDestroyNotify    destroy)
{
  g_return_if_fail (PV_IS_EXPORTER (self));
  g_return_if_fail (self->task == NULL);

  if (self->draw_destroy != NULL)
    self->draw_destroy (self->draw_data);
  self->draw_func = func;
  self->draw_data = user_data;
  self->draw_destroy = destroy;
}

void
pv_exporter_set_filter_func (PvExporter         *self,
                             PvExportFilterFunc  func,
                             gpointer            user_data,
                             GDestroyNotify      destroy)
{
  g_return_if_fail (PV_IS_EXPORTER (self));
  g_return_if_fail (self->task == NULL);

  if (self->filter_destroy != NULL)
    self->filter_destroy (self->filter_data);
  self->filter_func = func;
  self->filter_data = user_data;
  self->filter_destroy = destroy;
}

void
pv_exporter_set_describe_func (PvExporter           *self,
                               PvExportDescribeFunc  func,
                               gpointer              user_data,
                               GDestroyNotify        destroy)
{
  g_return_if_fail (PV_IS_EXPORTER (self));
  g_return_if_fail (self->task == NULL);

  if (self->describe_destroy != NULL)
    self->describe_destroy (self->describe_data);
  self->describe_func = func;
  self->describe_data = user_data;
  self->describe_destroy = destroy;
}

/**
 * pv_exporter_run_async:
 *
 * Runs the export once. Progress comes as "progress" signals on the thread-default main
 * context of the caller; cancelling @cancellable stops it and cleans up.
 */
void
pv_exporter_run_async (PvExporter          *self,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GstBus) bus = NULL;
  g_autofree char *video_name = NULL;

  g_return_if_fail (PV_IS_EXPORTER (self));
  g_return_if_fail (self->task == NULL);
  g_return_if_fail (self->pipeline == NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, pv_exporter_run_async);
  /* Our own cancellation error says what happened to the output; keep it. */
  g_task_set_check_cancellable (task, FALSE);

  if (g_task_return_error_if_cancelled (task))
    return;

  video_name = display_name (self->video);
  if (!g_file_query_exists (self->video, NULL))
    {
      g_task_return_new_error (task, PV_EXPORTER_ERROR, PV_EXPORTER_ERROR_INPUT,
                               _("“%s” does not exist"), video_name);
      return;
    }

  {
    g_autofree char *basename = g_file_get_basename (self->output);
    g_autofree char *lower = g_ascii_strdown (basename, -1);

    self->single_png = self->format == PV_EXPORT_FORMAT_PNG && g_str_has_suffix (lower, ".png");
  }
  self->writing_in_place = FALSE;
  if (!prepare_output (self, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_clear_pointer (&self->context, g_main_context_unref);
  self->context = g_main_context_ref_thread_default ();
  self->frames_done = 0;
  self->frames_total = 0;
  self->frame_index = 0;
  self->kept = 0;
  self->passed = 0;
  self->have_first_pts = FALSE;
  g_clear_pointer (&self->warning, g_free);
  self->video_ended = self->audio_ended = FALSE;
  self->have_video = FALSE;
  self->have_draw_info = FALSE;
  self->have_range_offset = FALSE;
  self->range_settled = FALSE;
  g_clear_pointer (&self->frame_numbers, g_hash_table_unref);
  self->frame_numbers = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  g_clear_pointer (&self->sidecar, g_ptr_array_unref);
  self->sidecar = g_ptr_array_new_with_free_func (sidecar_entry_free);
  self->png_in_flight = 0;
  self->png_stopping = FALSE;
  g_clear_error (&self->stream_error);
  self->task = g_steal_pointer (&task);

  if (!build_pipeline (self, &error))
    {
      finish (self, g_steal_pointer (&error));
      return;
    }

  bus = gst_element_get_bus (self->pipeline);
  self->bus_source = gst_bus_create_watch (bus);
  g_source_set_callback (self->bus_source, (GSourceFunc) bus_cb, self, NULL);
  g_source_set_static_name (self->bus_source, "[pathview] export bus");
  g_source_attach (self->bus_source, self->context);

  if (cancellable != NULL)
    {
      self->cancel_source = g_cancellable_source_new (cancellable);
      g_source_set_callback (self->cancel_source, (GSourceFunc) cancelled_cb, self, NULL);
      g_source_attach (self->cancel_source, self->context);
    }

  self->start_time = g_get_monotonic_time ();
  if (gst_element_set_state (self->pipeline, GST_STATE_PLAYING) == GST_STATE_CHANGE_FAILURE)
    g_debug ("Starting the export failed; the bus carries the reason");
}

gboolean
pv_exporter_run_finish (PvExporter    *self,
                        GAsyncResult  *result,
                        GError       **error)
{
  g_return_val_if_fail (PV_IS_EXPORTER (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == pv_exporter_run_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

guint
pv_exporter_get_frames_done (PvExporter *self)
{
  guint done;

  g_return_val_if_fail (PV_IS_EXPORTER (self), 0);

  g_mutex_lock (&self->lock);
  done = self->frames_done;
  g_mutex_unlock (&self->lock);
  return done;
}

/**
 * pv_exporter_get_warning:
 *
 * Returns: (nullable): what a finished export should still tell people, e.g. that the video
 * stops before the duration it claims, so the export has less than the range asked for
 */
const char *
pv_exporter_get_warning (PvExporter *self)
{
  g_return_val_if_fail (PV_IS_EXPORTER (self), NULL);

  return self->warning;
}

guint
pv_exporter_get_frames_total (PvExporter *self)
{
  g_return_val_if_fail (PV_IS_EXPORTER (self), 0);
  return self->frames_total;
}

/**
 * pv_exporter_get_first_pts:
 *
 * Returns: the PTS (µs) of the video's first frame, known once the export has started decoding.
 */
gint64
pv_exporter_get_first_pts (PvExporter *self)
{
  gint64 first;

  g_return_val_if_fail (PV_IS_EXPORTER (self), 0);

  g_mutex_lock (&self->lock);
  first = self->first_pts_us;
  g_mutex_unlock (&self->lock);
  return first;
}
