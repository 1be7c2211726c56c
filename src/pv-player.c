/* pv-player.c
 *
 * Copyright 2026 The Pathview authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "pv-player"

#include "config.h"

#include <glib/gi18n.h>
#include <gst/app/gstappsink.h>
#include <gst/gst.h>
#include <gst/pbutils/pbutils.h>
#include <gst/video/video.h>

#include "pv-player.h"
#include "pv-player-enums.h"

/*
 * Time model.
 *
 * "Media time" is the PTS a frame carries in the file, in microseconds: the shellzu clip's first
 * frame has media time 80000 because its first PTS is 80 ms. A detection's Timestamp maps to
 * first-pts + Timestamp (see DESIGN.md). GStreamer seeks in stream time, which qtdemux starts at
 * 0 for the first frame when the file has an edit list, so every seek converts media time to
 * stream time with the offset that the segments show (buffer PTS minus its stream time).
 *
 * Nearest-frame rule: pv_player_seek (T) shows the frame whose PTS is nearest T. An accurate
 * seek in GStreamer shows the frame whose interval [PTS, PTS + duration) contains the target, so
 * we ask for T + half a frame. Exactly half-way between two frames the LATER frame is shown
 * (round half up), because a buffer that ends exactly at the segment start is clipped away.
 *
 * The video decoder moves the PTS of the frame that straddles an accurate seek's start to that
 * start. To still report the frame's own PTS, a probe records the PTS of every frame that goes
 * into the decoder, and a frame that comes out at the segment start gets the latest input PTS at
 * or before it back.
 */

/* playbin's GstPlayFlags, which are not in a public header. */
#define PLAY_FLAG_VIDEO        (1 << 0)
#define PLAY_FLAG_AUDIO        (1 << 1)
#define PLAY_FLAG_SOFT_VOLUME  (1 << 4)
#define PLAY_FLAG_NATIVE_VIDEO (1 << 6)

struct _PvPlayer
{
  GObject       parent_instance;

  /* Owned */
  GMainContext *context;
  GstElement   *pipeline;
  GstElement   *appsink;
  GstElement   *flip;              /* its output is the displayed picture at the video's size */
  GstElement   *display_filter;    /* the largest size frames are delivered at */
  GSource      *bus_source;
  GSource      *refresh_source;    /* re-decodes the paused frame at a new display size */
  GSource      *error_source;
  GFile        *file;
  GdkTexture   *texture;
  GPtrArray    *missing_plugins;   /* descriptions from missing-plugin messages */
  GHashTable   *qos_dropped;       /* GstObject name -> frames it dropped as late */
  GError       *deferred_error;    /* raised from an idle, so open() never emits re-entrantly */

  /* Shared with the streaming threads, under @lock */
  GMutex        lock;
  GstSample    *pending_sample;
  GSource      *frame_source;
  GArray       *decoder_input_pts; /* GstClockTime of the frames fed to the decoder since the
                                    * last flush, in decode order */

  /* Main thread state */
  gint64        frame_pts;         /* µs, media time of the frame in @texture */
  gint64        first_pts;         /* µs */
  gint64        duration;          /* µs, from the first frame to the end */
  gint64        stream_offset_ns;  /* buffer PTS minus stream time */
  gint64        frame_duration_ns; /* nominal, from the frame rate */
  PvPlayerState state;
  double        rate;
  int           video_width;       /* displayed */
  int           video_height;
  double        frame_rate;
  int           display_width;     /* device pixels; 0 for the video's own size */
  int           display_height;
  guint         loaded : 1;
  guint         seeking : 1;
  guint         seek_in_flight : 1;
  guint         has_queued_seek : 1;
  guint         want_playing : 1;
  guint         at_eos : 1;
  guint         have_offset : 1;
  gint64        queued_seek_us;
  GstCaps      *frame_caps;        /* the caps @frame_info was parsed from */
  GstVideoInfo  frame_info;
};

static void pv_player_paintable_init (GdkPaintableInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (PvPlayer, pv_player, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (GDK_TYPE_PAINTABLE,
                                                      pv_player_paintable_init))

G_DEFINE_QUARK (pv-player-error-quark, pv_player_error)

enum {
  PROP_0,
  PROP_FRAME_PTS,
  PROP_FIRST_PTS,
  PROP_DURATION,
  PROP_STATE,
  PROP_RATE,
  PROP_VIDEO_WIDTH,
  PROP_VIDEO_HEIGHT,
  PROP_FRAME_RATE,
  PROP_LOADED,
  PROP_SEEKING,
  PROP_FILE,
  N_PROPS
};

enum {
  ERROR,
  WARNING,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

#define DEFAULT_FRAME_DURATION_NS (40 * GST_MSECOND)

/* Setters that notify only on a real change. */

static void
set_int64_prop (PvPlayer *self,
                gint64   *field,
                gint64    value,
                guint     prop)
{
  if (*field == value)
    return;
  *field = value;
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

static void
set_state (PvPlayer      *self,
           PvPlayerState  state)
{
  if (self->state == state)
    return;
  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

static void
set_seeking (PvPlayer *self,
             gboolean  seeking)
{
  if (self->seeking == !!seeking)
    return;
  self->seeking = !!seeking;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SEEKING]);
}

static void
set_loaded (PvPlayer *self,
            gboolean  loaded)
{
  if (self->loaded == !!loaded)
    return;
  self->loaded = !!loaded;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADED]);
}

/* Decoder inputs, to undo the clipping of accurate seeks */

#define MAX_DECODER_INPUTS 1024

static GstPadProbeReturn
decoder_input_probe (GstPad          *pad,
                     GstPadProbeInfo *info,
                     gpointer         user_data)
{
  PvPlayer *self = user_data;

  if (info->type & GST_PAD_PROBE_TYPE_BUFFER)
    {
      GstClockTime pts = GST_BUFFER_PTS (GST_PAD_PROBE_INFO_BUFFER (info));

      if (GST_CLOCK_TIME_IS_VALID (pts))
        {
          g_mutex_lock (&self->lock);
          /* A GOP is far shorter than this; the oldest entries can no longer be on screen. */
          if (self->decoder_input_pts->len >= MAX_DECODER_INPUTS)
            g_array_remove_range (self->decoder_input_pts, 0, MAX_DECODER_INPUTS / 2);
          g_array_append_val (self->decoder_input_pts, pts);
          g_mutex_unlock (&self->lock);
        }
    }
  else if (info->type & GST_PAD_PROBE_TYPE_EVENT_FLUSH
           && GST_EVENT_TYPE (GST_PAD_PROBE_INFO_EVENT (info)) == GST_EVENT_FLUSH_STOP)
    {
      g_mutex_lock (&self->lock);
      g_array_set_size (self->decoder_input_pts, 0);
      g_mutex_unlock (&self->lock);
    }

  return GST_PAD_PROBE_OK;
}

static void
on_element_setup (GstElement *playbin,
                  GstElement *element,
                  gpointer    user_data)
{
  GstElementFactory *factory = gst_element_get_factory (element);
  g_autoptr(GstPad) pad = NULL;

  if (factory == NULL
      || !gst_element_factory_list_is_type (factory, GST_ELEMENT_FACTORY_TYPE_DECODER
                                                     | GST_ELEMENT_FACTORY_TYPE_MEDIA_VIDEO))
    return;

  pad = gst_element_get_static_pad (element, "sink");
  if (pad != NULL)
    gst_pad_add_probe (pad, GST_PAD_PROBE_TYPE_BUFFER | GST_PAD_PROBE_TYPE_EVENT_FLUSH,
                       decoder_input_probe, user_data, NULL);
}

/* The decoder clips the first frame after an accurate seek so that it starts at the segment
 * start; give it back its own PTS: the newest decoder input at or before the clipped one. */
static GstClockTime
unclip_pts (PvPlayer         *self,
            const GstSegment *segment,
            GstClockTime      pts)
{
  GstClockTime best = GST_CLOCK_TIME_NONE;

  if (segment == NULL || segment->format != GST_FORMAT_TIME || pts != segment->start)
    return pts;

  g_mutex_lock (&self->lock);
  for (guint i = 0; i < self->decoder_input_pts->len; i++)
    {
      GstClockTime in = g_array_index (self->decoder_input_pts, GstClockTime, i);

      if (in <= pts && (best == GST_CLOCK_TIME_NONE || in > best))
        best = in;
    }
  g_mutex_unlock (&self->lock);

  return best != GST_CLOCK_TIME_NONE ? best : pts;
}

/* Frames: from the streaming thread to one idle on the main context */

typedef struct
{
  GstVideoFrame frame;
} MappedFrame;

static void
mapped_frame_free (gpointer data)
{
  MappedFrame *mapped = data;

  gst_video_frame_unmap (&mapped->frame);
  g_free (mapped);
}

/* Wraps the mapped buffer without copying: the texture keeps the buffer mapped until it dies. */
static GdkTexture *
texture_from_sample (PvPlayer  *self,
                     GstSample *sample)
{
  GstCaps *caps = gst_sample_get_caps (sample);
  GstBuffer *buffer = gst_sample_get_buffer (sample);
  MappedFrame *mapped;
  GBytes *bytes;
  GdkTexture *texture;
  gsize stride;
  int height;

  g_assert (caps != NULL && buffer != NULL);

  if (self->frame_caps != caps)
    {
      if (!gst_video_info_from_caps (&self->frame_info, caps))
        return NULL;
      gst_caps_replace (&self->frame_caps, caps);
    }

  mapped = g_new0 (MappedFrame, 1);
  if (!gst_video_frame_map (&mapped->frame, &self->frame_info, buffer, GST_MAP_READ))
    {
      g_free (mapped);
      return NULL;
    }

  stride = GST_VIDEO_FRAME_PLANE_STRIDE (&mapped->frame, 0);
  height = GST_VIDEO_FRAME_HEIGHT (&mapped->frame);
  bytes = g_bytes_new_with_free_func (GST_VIDEO_FRAME_PLANE_DATA (&mapped->frame, 0),
                                      stride * height, mapped_frame_free, mapped);
  /* BGRA from videoconvert has alpha 255, so premultiplied is the same pixels, and it is the
   * format Cairo and GSK use natively: no conversion on upload. */
  texture = gdk_memory_texture_new (GST_VIDEO_FRAME_WIDTH (&mapped->frame), height,
                                    GDK_MEMORY_B8G8R8A8_PREMULTIPLIED, bytes, stride);
  g_bytes_unref (bytes);

  return texture;
}

/* Takes whatever frame the streaming threads left, on the main thread. Returns TRUE if a new
 * frame was shown. */
static gboolean
apply_pending_sample (PvPlayer *self)
{
  g_autoptr(GstSample) sample = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  GstBuffer *buffer;
  const GstSegment *segment;
  GstClockTime pts;
  gboolean size_changed;

  g_mutex_lock (&self->lock);
  sample = g_steal_pointer (&self->pending_sample);
  if (self->frame_source != NULL)
    {
      g_source_destroy (self->frame_source);
      g_clear_pointer (&self->frame_source, g_source_unref);
    }
  g_mutex_unlock (&self->lock);

  if (sample == NULL)
    return FALSE;

  buffer = gst_sample_get_buffer (sample);
  pts = GST_BUFFER_PTS (buffer);
  if (!GST_CLOCK_TIME_IS_VALID (pts))
    return FALSE;

  segment = gst_sample_get_segment (sample);
  if (segment != NULL && segment->format == GST_FORMAT_TIME)
    {
      guint64 stream_time = gst_segment_to_stream_time (segment, GST_FORMAT_TIME, pts);

      if (GST_CLOCK_TIME_IS_VALID (stream_time))
        {
          self->stream_offset_ns = (gint64) pts - (gint64) stream_time;
          self->have_offset = TRUE;
        }
    }

  pts = unclip_pts (self, segment, pts);

  texture = texture_from_sample (self, sample);
  if (texture == NULL)
    return FALSE;

  size_changed = self->texture == NULL
    || gdk_texture_get_width (self->texture) != gdk_texture_get_width (texture)
    || gdk_texture_get_height (self->texture) != gdk_texture_get_height (texture);
  g_set_object (&self->texture, texture);

  g_object_freeze_notify (G_OBJECT (self));
  set_int64_prop (self, &self->frame_pts, (gint64) (pts / GST_USECOND), PROP_FRAME_PTS);
  gdk_paintable_invalidate_contents (GDK_PAINTABLE (self));
  if (size_changed)
    gdk_paintable_invalidate_size (GDK_PAINTABLE (self));
  g_object_thaw_notify (G_OBJECT (self));

  return TRUE;
}

static gboolean
frame_source_cb (gpointer user_data)
{
  PvPlayer *self = user_data;

  apply_pending_sample (self);

  return G_SOURCE_REMOVE;
}

/* Streaming thread: keep only the newest sample and make sure one idle is pending. */
static void
store_sample (PvPlayer  *self,
              GstSample *sample)
{
  g_mutex_lock (&self->lock);
  if (self->pending_sample != NULL)
    gst_sample_unref (self->pending_sample);
  self->pending_sample = sample;
  if (self->frame_source == NULL)
    {
      self->frame_source = g_idle_source_new ();
      g_source_set_priority (self->frame_source, G_PRIORITY_DEFAULT);
      g_source_set_callback (self->frame_source, frame_source_cb, self, NULL);
      g_source_set_static_name (self->frame_source, "[pathview] player frame");
      g_source_attach (self->frame_source, self->context);
    }
  g_mutex_unlock (&self->lock);
}

static GstFlowReturn
on_new_preroll (GstAppSink *sink,
                gpointer    user_data)
{
  GstSample *sample = gst_app_sink_pull_preroll (sink);

  if (sample != NULL)
    store_sample (user_data, sample);
  return GST_FLOW_OK;
}

static GstFlowReturn
on_new_sample (GstAppSink *sink,
               gpointer    user_data)
{
  GstSample *sample = gst_app_sink_pull_sample (sink);

  if (sample == NULL)
    return GST_FLOW_EOS;
  store_sample (user_data, sample);
  return GST_FLOW_OK;
}

/* Errors */

static void
emit_error (PvPlayer *self,
            GError   *error)
{
  g_assert (error != NULL);

  g_debug ("%s", error->message);
  if (self->pipeline != NULL)
    gst_element_set_state (self->pipeline, GST_STATE_NULL);
  set_seeking (self, FALSE);
  self->seek_in_flight = FALSE;
  self->has_queued_seek = FALSE;
  set_loaded (self, FALSE);
  set_state (self, PV_PLAYER_STATE_ERROR);
  g_signal_emit (self, signals[ERROR], 0, error);
}

static gboolean
deferred_error_cb (gpointer user_data)
{
  PvPlayer *self = user_data;
  g_autoptr(GError) error = g_steal_pointer (&self->deferred_error);

  g_clear_pointer (&self->error_source, g_source_unref);
  if (error != NULL)
    emit_error (self, error);

  return G_SOURCE_REMOVE;
}

static void
defer_error (PvPlayer *self,
             GError   *error)
{
  g_clear_error (&self->deferred_error);
  self->deferred_error = error;
  if (self->error_source == NULL)
    {
      self->error_source = g_idle_source_new ();
      g_source_set_callback (self->error_source, deferred_error_cb, self, NULL);
      g_source_set_static_name (self->error_source, "[pathview] player error");
      g_source_attach (self->error_source, self->context);
    }
}

static char *
file_display_name (GFile *file)
{
  return g_file_get_parse_name (file);
}

static GError *
translate_gst_error (PvPlayer     *self,
                     const GError *gst_error,
                     const char   *debug)
{
  g_autofree char *name = file_display_name (self->file);

  if (self->missing_plugins->len > 0)
    {
      g_autofree char *list = NULL;

      g_ptr_array_add (self->missing_plugins, NULL);
      list = g_strjoinv (", ", (char **) self->missing_plugins->pdata);
      g_ptr_array_remove_index (self->missing_plugins, self->missing_plugins->len - 1);
      return g_error_new (PV_PLAYER_ERROR, PV_PLAYER_ERROR_MISSING_CODEC,
                          _("“%s” needs %s, which is not installed"), name, list);
    }

  if (gst_error->domain == GST_STREAM_ERROR
      && (gst_error->code == GST_STREAM_ERROR_TYPE_NOT_FOUND
          || gst_error->code == GST_STREAM_ERROR_WRONG_TYPE))
    return g_error_new (PV_PLAYER_ERROR, PV_PLAYER_ERROR_NOT_MEDIA,
                        _("“%s” is not a video file"), name);

  if (gst_error->domain == GST_STREAM_ERROR
      && gst_error->code == GST_STREAM_ERROR_CODEC_NOT_FOUND)
    return g_error_new (PV_PLAYER_ERROR, PV_PLAYER_ERROR_MISSING_CODEC,
                        _("“%s” needs a decoder that is not installed: %s"),
                        name, gst_error->message);

  if (gst_error->domain == GST_RESOURCE_ERROR
      && (gst_error->code == GST_RESOURCE_ERROR_NOT_FOUND
          || gst_error->code == GST_RESOURCE_ERROR_OPEN_READ))
    return g_error_new (PV_PLAYER_ERROR, PV_PLAYER_ERROR_NOT_FOUND,
                        _("“%s” cannot be read: %s"), name, gst_error->message);

  return g_error_new (PV_PLAYER_ERROR, PV_PLAYER_ERROR_FAILED,
                      _("“%s” cannot be played: %s"), name, gst_error->message);
}

/* Seeking */

static gint64
frame_duration_ns (PvPlayer *self)
{
  return self->frame_duration_ns > 0 ? self->frame_duration_ns : DEFAULT_FRAME_DURATION_NS;
}

/* Seeks so that the frame whose PTS is nearest @media_time_us is shown (see the top comment);
 * @exact skips the half-frame shift, to stay on the frame that contains the time. */
static void
do_seek (PvPlayer *self,
         gint64    media_time_us,
         gboolean  exact)
{
  gint64 target_ns;

  g_assert (self->loaded);

  target_ns = media_time_us * GST_USECOND - self->stream_offset_ns;
  if (!exact)
    target_ns += frame_duration_ns (self) / 2;
  target_ns = MAX (target_ns, 0);

  self->seek_in_flight = TRUE;
  self->at_eos = FALSE;
  set_seeking (self, TRUE);

  if (!gst_element_seek (self->pipeline, self->rate, GST_FORMAT_TIME,
                         GST_SEEK_FLAG_FLUSH | GST_SEEK_FLAG_ACCURATE,
                         GST_SEEK_TYPE_SET, target_ns,
                         GST_SEEK_TYPE_NONE, GST_CLOCK_TIME_NONE))
    {
      g_debug ("Seek to %" G_GINT64_FORMAT " µs refused", media_time_us);
      self->seek_in_flight = FALSE;
      set_seeking (self, FALSE);
    }
}

static void
queue_seek (PvPlayer *self,
            gint64    media_time_us)
{
  /* One seek at a time: while a flushing seek is still prerolling, newer requests replace each
   * other, so scrubbing never piles up work and always ends on the last request. */
  if (!self->loaded || self->seek_in_flight)
    {
      self->queued_seek_us = media_time_us;
      self->has_queued_seek = TRUE;
      set_seeking (self, TRUE);
      return;
    }

  do_seek (self, media_time_us, FALSE);
}

/* Loading */

static void
read_video_format (PvPlayer *self)
{
  g_autoptr(GstPad) pad = gst_element_get_static_pad (self->flip, "src");
  g_autoptr(GstCaps) caps = pad != NULL ? gst_pad_get_current_caps (pad) : NULL;
  GstVideoInfo info;
  int width, height;
  double fps = 0;
  gint64 dur_ns = 0;

  if (caps == NULL || !gst_video_info_from_caps (&info, caps))
    return;

  /* After videoflip, width and height are already rotated; the pixel aspect ratio (which
   * videoflip also rotates) stretches the width, as video sinks do. This is the video's own
   * displayed size, before any scaling down for the screen. */
  width = GST_VIDEO_INFO_WIDTH (&info);
  height = GST_VIDEO_INFO_HEIGHT (&info);
  if (GST_VIDEO_INFO_PAR_N (&info) > 0 && GST_VIDEO_INFO_PAR_D (&info) > 0)
    width = (int) gst_util_uint64_scale_int_round (width, GST_VIDEO_INFO_PAR_N (&info),
                                                   GST_VIDEO_INFO_PAR_D (&info));

  if (GST_VIDEO_INFO_FPS_N (&info) > 0 && GST_VIDEO_INFO_FPS_D (&info) > 0)
    {
      fps = (double) GST_VIDEO_INFO_FPS_N (&info) / GST_VIDEO_INFO_FPS_D (&info);
      dur_ns = gst_util_uint64_scale_int (GST_SECOND, GST_VIDEO_INFO_FPS_D (&info),
                                          GST_VIDEO_INFO_FPS_N (&info));
    }
  self->frame_duration_ns = dur_ns;

  g_object_freeze_notify (G_OBJECT (self));
  if (self->video_width != width)
    {
      self->video_width = width;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VIDEO_WIDTH]);
    }
  if (self->video_height != height)
    {
      self->video_height = height;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VIDEO_HEIGHT]);
    }
  if (self->frame_rate != fps)
    {
      self->frame_rate = fps;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FRAME_RATE]);
    }
  g_object_thaw_notify (G_OBJECT (self));

  gdk_paintable_invalidate_size (GDK_PAINTABLE (self));
}

static void
query_duration (PvPlayer *self)
{
  gint64 duration_ns = 0;

  if (!gst_element_query_duration (self->pipeline, GST_FORMAT_TIME, &duration_ns)
      || duration_ns < 0)
    return;
  set_int64_prop (self, &self->duration, duration_ns / GST_USECOND, PROP_DURATION);
}

static void
finish_loading (PvPlayer *self)
{
  int n_video = 0;

  g_object_get (self->pipeline, "n-video", &n_video, NULL);
  if (n_video == 0)
    {
      g_autofree char *name = file_display_name (self->file);
      g_autoptr(GError) error = NULL;

      error = g_error_new (PV_PLAYER_ERROR, PV_PLAYER_ERROR_NO_VIDEO,
                           _("“%s” has no video stream"), name);
      emit_error (self, error);
      return;
    }

  read_video_format (self);
  if (!apply_pending_sample (self) && self->texture == NULL)
    {
      g_autofree char *name = file_display_name (self->file);
      g_autoptr(GError) error = NULL;

      error = g_error_new (PV_PLAYER_ERROR, PV_PLAYER_ERROR_FAILED,
                           _("“%s” cannot be played: no frame could be decoded"), name);
      emit_error (self, error);
      return;
    }

  /* The preroll frame of a freshly opened file is its first frame in presentation order. */
  set_int64_prop (self, &self->first_pts, self->frame_pts, PROP_FIRST_PTS);
  query_duration (self);
  set_loaded (self, TRUE);

  if (self->has_queued_seek)
    {
      self->has_queued_seek = FALSE;
      do_seek (self, self->queued_seek_us, FALSE);
    }
  else
    {
      set_seeking (self, FALSE);
    }

  if (self->want_playing)
    {
      gst_element_set_state (self->pipeline, GST_STATE_PLAYING);
      set_state (self, PV_PLAYER_STATE_PLAYING);
    }
  else
    {
      set_state (self, PV_PLAYER_STATE_PAUSED);
    }
}

static void
on_async_done (PvPlayer *self)
{
  if (self->state == PV_PLAYER_STATE_LOADING)
    {
      finish_loading (self);
      return;
    }

  if (!self->seek_in_flight)
    return;

  /* The preroll callback ran before this message was posted, so the frame for this seek is
   * waiting: show it now, together with the end of "seeking". */
  apply_pending_sample (self);
  self->seek_in_flight = FALSE;

  if (self->has_queued_seek)
    {
      self->has_queued_seek = FALSE;
      do_seek (self, self->queued_seek_us, FALSE);
      return;
    }

  set_seeking (self, FALSE);
}

/* A file whose data stops before the duration its header gives (a download or copy cut short,
 * with the index at the front) plays up to the cut and then ends. Say so, once, and make the
 * duration what there is, so that End, the timeline and steps stay on frames that exist. More
 * than a second short: the last frames dropped as late (QoS) are not a cut. */
static void
check_cut_short (PvPlayer *self)
{
  gint64 d = frame_duration_ns (self) / GST_USECOND;
  gint64 end = self->frame_pts + d;
  g_autofree char *name = NULL;
  g_autofree char *message = NULL;

  if (!self->loaded || self->duration <= 0 || end >= self->first_pts + self->duration - G_USEC_PER_SEC)
    return;

  name = file_display_name (self->file);
  /* The point first: toasts are one line. */
  message = g_strdup_printf (_("“%s” may be cut short: it stops at %.1f s of the %.1f s it "
                               "says it lasts"),
                             name, (end - self->first_pts) / 1e6, self->duration / 1e6);
  set_int64_prop (self, &self->duration, end - self->first_pts, PROP_DURATION);
  g_signal_emit (self, signals[WARNING], 0, message);
}

static gboolean
bus_cb (GstBus     *bus,
        GstMessage *message,
        gpointer    user_data)
{
  PvPlayer *self = user_data;

  switch (GST_MESSAGE_TYPE (message))
    {
    case GST_MESSAGE_ERROR:
      {
        g_autoptr(GError) gst_error = NULL;
        g_autoptr(GError) error = NULL;
        g_autofree char *debug = NULL;

        if (self->state == PV_PLAYER_STATE_ERROR)
          break;
        gst_message_parse_error (message, &gst_error, &debug);
        g_debug ("GStreamer error: %s (%s)", gst_error->message, debug ? debug : "");
        error = translate_gst_error (self, gst_error, debug);
        emit_error (self, error);
      }
      break;

    case GST_MESSAGE_ELEMENT:
      if (gst_is_missing_plugin_message (message))
        {
          char *description = gst_missing_plugin_message_get_description (message);

          if (description != NULL)
            g_ptr_array_add (self->missing_plugins, description);
        }
      break;

    case GST_MESSAGE_ASYNC_DONE:
      on_async_done (self);
      break;

    case GST_MESSAGE_QOS:
      {
        GstFormat format;
        guint64 processed, dropped;

        /* Each element reports its own running total: the decoder skips frames before they
         * are decoded, the sink drops late ones; keep the latest total of each. */
        gst_message_parse_qos_stats (message, &format, &processed, &dropped);
        if (format == GST_FORMAT_BUFFERS && GST_MESSAGE_SRC (message) != NULL)
          g_hash_table_insert (self->qos_dropped,
                               g_strdup (GST_OBJECT_NAME (GST_MESSAGE_SRC (message))),
                               GSIZE_TO_POINTER ((gsize) dropped));
      }
      break;

    case GST_MESSAGE_EOS:
      /* Stay on the last frame, paused, as a viewer should; play() starts over. */
      apply_pending_sample (self);
      self->want_playing = FALSE;
      if (self->state == PV_PLAYER_STATE_PLAYING)
        check_cut_short (self);
      if (self->state == PV_PLAYER_STATE_PLAYING)
        {
          gint64 d = frame_duration_ns (self) / GST_USECOND;
          gint64 last = self->first_pts + self->duration - d;

          gst_element_set_state (self->pipeline, GST_STATE_PAUSED);
          set_state (self, PV_PLAYER_STATE_PAUSED);
          /* A late last frame may have been dropped (QoS): end on the real last frame. */
          if (self->loaded && self->duration > 0 && self->frame_pts < last - d / 2
              && !self->seek_in_flight)
            do_seek (self, last, FALSE);
        }
      self->at_eos = TRUE;
      break;

    case GST_MESSAGE_DURATION_CHANGED:
      if (self->loaded)
        query_duration (self);
      break;

    default:
      break;
    }

  return G_SOURCE_CONTINUE;
}

static GstElement *
make_element (const char *factory)
{
  GstElement *element = gst_element_factory_make (factory, NULL);

  if (element == NULL)
    g_critical ("GStreamer element “%s” is missing; install the base and good plugins", factory);
  return element;
}

static void
build_pipeline (PvPlayer *self)
{
  GstElement *bin, *convert, *flip, *scale;
  g_autoptr(GstCaps) caps = NULL;
  g_autoptr(GstPad) pad = NULL;
  g_autoptr(GstBus) bus = NULL;
  GstAppSinkCallbacks callbacks = { NULL, on_new_preroll, on_new_sample, NULL, { NULL } };

  self->pipeline = make_element ("playbin");
  convert = make_element ("videoconvert");
  flip = self->flip = make_element ("videoflip");
  scale = make_element ("videoconvertscale");
  self->display_filter = make_element ("capsfilter");
  self->appsink = make_element ("appsink");
  g_assert (self->pipeline && convert && flip && scale && self->display_filter && self->appsink);
  gst_object_ref_sink (self->pipeline);

  /* decoder ▶ videoconvert ▶ videoflip ▶ videoconvertscale ▶ capsfilter ▶ appsink (BGRA).
   * The first videoconvert only acts when videoflip cannot take the decoder's format; videoflip
   * rotates by the file's image-orientation tag (phone videos), in the decoder's format;
   * videoconvertscale then scales down to the display size and converts to BGRA in one pass,
   * because BGRA is what Cairo and GSK draw natively. Scaling here, on a streaming thread and
   * before the conversion, is what lets a software renderer show every frame of a 1080p video:
   * scaling each 1080p texture while drawing costs the main thread more than a frame's time. */
  caps = gst_caps_new_simple ("video/x-raw", "format", G_TYPE_STRING, "BGRA", NULL);
  g_object_set (self->display_filter, "caps", caps, NULL);
  g_object_set (self->appsink,
                "caps", caps,
                "sync", TRUE,
                "qos", TRUE,
                "max-buffers", 1,
                "enable-last-sample", FALSE,
                NULL);
  gst_app_sink_set_callbacks (GST_APP_SINK (self->appsink), &callbacks, self, NULL);
  g_signal_connect (self->pipeline, "element-setup", G_CALLBACK (on_element_setup), self);
  gst_util_set_object_arg (G_OBJECT (flip), "video-direction", "auto");
  g_object_set (convert, "n-threads", MIN (g_get_num_processors (), 4u), NULL);
  g_object_set (scale, "n-threads", MIN (g_get_num_processors (), 4u), "add-borders", FALSE, NULL);

  bin = gst_bin_new ("pathview-video-sink");
  gst_bin_add_many (GST_BIN (bin), convert, flip, scale, self->display_filter, self->appsink, NULL);
  gst_element_link_many (convert, flip, scale, self->display_filter, self->appsink, NULL);
  pad = gst_element_get_static_pad (convert, "sink");
  gst_element_add_pad (bin, gst_ghost_pad_new ("sink", pad));

  /* Our own bin converts, so playsink must not add a second conversion. */
  g_object_set (self->pipeline,
                "video-sink", bin,
                "flags", PLAY_FLAG_VIDEO | PLAY_FLAG_AUDIO | PLAY_FLAG_SOFT_VOLUME
                         | PLAY_FLAG_NATIVE_VIDEO,
                NULL);

  bus = gst_element_get_bus (self->pipeline);
  self->bus_source = gst_bus_create_watch (bus);
  g_source_set_callback (self->bus_source, (GSourceFunc) bus_cb, self, NULL);
  g_source_set_static_name (self->bus_source, "[pathview] player bus");
  g_source_attach (self->bus_source, self->context);
}

/* GdkPaintable: the current frame, at the displayed size (rotation and pixel aspect applied) */

static void
pv_player_paintable_snapshot (GdkPaintable *paintable,
                              GdkSnapshot  *snapshot,
                              double        width,
                              double        height)
{
  PvPlayer *self = PV_PLAYER (paintable);

  if (self->texture != NULL)
    gdk_paintable_snapshot (GDK_PAINTABLE (self->texture), snapshot, width, height);
}

static GdkPaintable *
pv_player_paintable_get_current_image (GdkPaintable *paintable)
{
  PvPlayer *self = PV_PLAYER (paintable);

  if (self->texture != NULL)
    return g_object_ref (GDK_PAINTABLE (self->texture));
  return gdk_paintable_new_empty (self->video_width, self->video_height);
}

static int
pv_player_paintable_get_intrinsic_width (GdkPaintable *paintable)
{
  return PV_PLAYER (paintable)->video_width;
}

static int
pv_player_paintable_get_intrinsic_height (GdkPaintable *paintable)
{
  return PV_PLAYER (paintable)->video_height;
}

static double
pv_player_paintable_get_intrinsic_aspect_ratio (GdkPaintable *paintable)
{
  PvPlayer *self = PV_PLAYER (paintable);

  if (self->video_width <= 0 || self->video_height <= 0)
    return 0;
  return (double) self->video_width / self->video_height;
}

static void
pv_player_paintable_init (GdkPaintableInterface *iface)
{
  iface->snapshot = pv_player_paintable_snapshot;
  iface->get_current_image = pv_player_paintable_get_current_image;
  iface->get_intrinsic_width = pv_player_paintable_get_intrinsic_width;
  iface->get_intrinsic_height = pv_player_paintable_get_intrinsic_height;
  iface->get_intrinsic_aspect_ratio = pv_player_paintable_get_intrinsic_aspect_ratio;
}

/* GObject */

static void
pv_player_dispose (GObject *object)
{
  PvPlayer *self = PV_PLAYER (object);

  /* NULL state joins the streaming threads, so nothing calls store_sample() afterwards. */
  if (self->pipeline != NULL)
    gst_element_set_state (self->pipeline, GST_STATE_NULL);
  if (self->bus_source != NULL)
    {
      g_source_destroy (self->bus_source);
      g_clear_pointer (&self->bus_source, g_source_unref);
    }
  if (self->error_source != NULL)
    {
      g_source_destroy (self->error_source);
      g_clear_pointer (&self->error_source, g_source_unref);
    }
  if (self->refresh_source != NULL)
    {
      g_source_destroy (self->refresh_source);
      g_clear_pointer (&self->refresh_source, g_source_unref);
    }
  g_mutex_lock (&self->lock);
  if (self->frame_source != NULL)
    {
      g_source_destroy (self->frame_source);
      g_clear_pointer (&self->frame_source, g_source_unref);
    }
  g_clear_pointer (&self->pending_sample, gst_sample_unref);
  g_mutex_unlock (&self->lock);

  g_clear_object (&self->pipeline);
  self->appsink = NULL;
  self->flip = NULL;
  self->display_filter = NULL;
  g_clear_object (&self->texture);
  g_clear_object (&self->file);

  G_OBJECT_CLASS (pv_player_parent_class)->dispose (object);
}

static void
pv_player_finalize (GObject *object)
{
  PvPlayer *self = PV_PLAYER (object);

  g_clear_pointer (&self->missing_plugins, g_ptr_array_unref);
  g_clear_pointer (&self->decoder_input_pts, g_array_unref);
  g_clear_pointer (&self->qos_dropped, g_hash_table_unref);
  g_clear_error (&self->deferred_error);
  gst_caps_replace (&self->frame_caps, NULL);
  g_clear_pointer (&self->context, g_main_context_unref);
  g_mutex_clear (&self->lock);

  G_OBJECT_CLASS (pv_player_parent_class)->finalize (object);
}

static void
pv_player_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  PvPlayer *self = PV_PLAYER (object);

  switch (prop_id)
    {
    case PROP_FRAME_PTS:
      g_value_set_int64 (value, self->frame_pts);
      break;
    case PROP_FIRST_PTS:
      g_value_set_int64 (value, self->first_pts);
      break;
    case PROP_DURATION:
      g_value_set_int64 (value, self->duration);
      break;
    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;
    case PROP_RATE:
      g_value_set_double (value, self->rate);
      break;
    case PROP_VIDEO_WIDTH:
      g_value_set_int (value, self->video_width);
      break;
    case PROP_VIDEO_HEIGHT:
      g_value_set_int (value, self->video_height);
      break;
    case PROP_FRAME_RATE:
      g_value_set_double (value, self->frame_rate);
      break;
    case PROP_LOADED:
      g_value_set_boolean (value, self->loaded);
      break;
    case PROP_SEEKING:
      g_value_set_boolean (value, self->seeking);
      break;
    case PROP_FILE:
      g_value_set_object (value, self->file);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pv_player_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  PvPlayer *self = PV_PLAYER (object);

  switch (prop_id)
    {
    case PROP_RATE:
      pv_player_set_rate (self, g_value_get_double (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pv_player_class_init (PvPlayerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags ro = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = pv_player_dispose;
  object_class->finalize = pv_player_finalize;
  object_class->get_property = pv_player_get_property;
  object_class->set_property = pv_player_set_property;

  properties[PROP_FRAME_PTS] =
    g_param_spec_int64 ("frame-pts", NULL, NULL, G_MININT64, G_MAXINT64, 0, ro);
  properties[PROP_FIRST_PTS] =
    g_param_spec_int64 ("first-pts", NULL, NULL, G_MININT64, G_MAXINT64, 0, ro);
  properties[PROP_DURATION] =
    g_param_spec_int64 ("duration", NULL, NULL, 0, G_MAXINT64, 0, ro);
  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL, PV_TYPE_PLAYER_STATE, PV_PLAYER_STATE_EMPTY, ro);
  properties[PROP_RATE] =
    g_param_spec_double ("rate", NULL, NULL, 0.25, 4.0, 1.0,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_VIDEO_WIDTH] =
    g_param_spec_int ("video-width", NULL, NULL, 0, G_MAXINT, 0, ro);
  properties[PROP_VIDEO_HEIGHT] =
    g_param_spec_int ("video-height", NULL, NULL, 0, G_MAXINT, 0, ro);
  properties[PROP_FRAME_RATE] =
    g_param_spec_double ("frame-rate", NULL, NULL, 0, G_MAXDOUBLE, 0, ro);
  properties[PROP_LOADED] =
    g_param_spec_boolean ("loaded", NULL, NULL, FALSE, ro);
  properties[PROP_SEEKING] =
    g_param_spec_boolean ("seeking", NULL, NULL, FALSE, ro);
  properties[PROP_FILE] =
    g_param_spec_object ("file", NULL, NULL, G_TYPE_FILE, ro);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * PvPlayer::error:
   * @error: a #GError in the %PV_PLAYER_ERROR domain
   *
   * The file could not be opened or played; the player is in %PV_PLAYER_STATE_ERROR.
   */
  signals[ERROR] =
    g_signal_new ("error", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_ERROR);
  /**
   * PvPlayer::warning:
   * @message: what is wrong with the file, for people
   *
   * Something is wrong with the file but it still plays, e.g. it stops before the duration its
   * header gives.
   */
  signals[WARNING] =
    g_signal_new ("warning", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
pv_player_init (PvPlayer *self)
{
  if (!gst_is_initialized ())
    gst_init (NULL, NULL);

  g_mutex_init (&self->lock);
  self->context = g_main_context_ref_thread_default ();
  self->missing_plugins = g_ptr_array_new_with_free_func (g_free);
  self->decoder_input_pts = g_array_new (FALSE, FALSE, sizeof (GstClockTime));
  self->qos_dropped = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->rate = 1.0;
  self->state = PV_PLAYER_STATE_EMPTY;
  build_pipeline (self);
}

/* Public API */

PvPlayer *
pv_player_new (void)
{
  return g_object_new (PV_TYPE_PLAYER, NULL);
}

/**
 * pv_player_open:
 *
 * Starts loading @file; "loaded" turns TRUE with the first frame shown, or "error" is emitted
 * (always from the main loop, never from inside this call).
 */
void
pv_player_open (PvPlayer *self,
                GFile    *file)
{
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *uri = NULL;
  g_autofree char *name = NULL;

  g_return_if_fail (PV_IS_PLAYER (self));
  g_return_if_fail (G_IS_FILE (file));

  gst_element_set_state (self->pipeline, GST_STATE_NULL);
  g_mutex_lock (&self->lock);
  g_clear_pointer (&self->pending_sample, gst_sample_unref);
  g_array_set_size (self->decoder_input_pts, 0);
  g_mutex_unlock (&self->lock);
  g_ptr_array_set_size (self->missing_plugins, 0);
  g_hash_table_remove_all (self->qos_dropped);

  g_object_freeze_notify (G_OBJECT (self));
  if (g_set_object (&self->file, file))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FILE]);
  g_clear_object (&self->texture);
  set_loaded (self, FALSE);
  set_seeking (self, FALSE);
  self->seek_in_flight = FALSE;
  self->has_queued_seek = FALSE;
  self->want_playing = FALSE;
  self->at_eos = FALSE;
  self->have_offset = FALSE;
  self->stream_offset_ns = 0;
  self->frame_duration_ns = 0;
  set_int64_prop (self, &self->frame_pts, 0, PROP_FRAME_PTS);
  set_int64_prop (self, &self->first_pts, 0, PROP_FIRST_PTS);
  set_int64_prop (self, &self->duration, 0, PROP_DURATION);
  gdk_paintable_invalidate_contents (GDK_PAINTABLE (self));
  g_object_thaw_notify (G_OBJECT (self));

  /* GStreamer's own messages for these are vague ("Resource not found", "Internal data stream
   * error"), so check the obvious cases first and name the file. */
  name = file_display_name (file);
  info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_SIZE "," G_FILE_ATTRIBUTE_STANDARD_TYPE,
                            G_FILE_QUERY_INFO_NONE, NULL, &local_error);
  if (info == NULL)
    {
      defer_error (self, g_error_new (PV_PLAYER_ERROR, PV_PLAYER_ERROR_NOT_FOUND,
                                      _("“%s” cannot be opened: %s"), name,
                                      local_error->message));
      return;
    }
  if (g_file_info_get_file_type (info) == G_FILE_TYPE_DIRECTORY)
    {
      defer_error (self, g_error_new (PV_PLAYER_ERROR, PV_PLAYER_ERROR_NOT_MEDIA,
                                      _("“%s” is a folder, not a video file"), name));
      return;
    }
  if (g_file_info_get_size (info) == 0)
    {
      defer_error (self, g_error_new (PV_PLAYER_ERROR, PV_PLAYER_ERROR_EMPTY_FILE,
                                      _("“%s” is empty (0 bytes)"), name));
      return;
    }

  uri = g_file_get_uri (file);
  g_object_set (self->pipeline, "uri", uri, NULL);
  set_state (self, PV_PLAYER_STATE_LOADING);
  if (gst_element_set_state (self->pipeline, GST_STATE_PAUSED) == GST_STATE_CHANGE_FAILURE)
    g_debug ("Pausing the pipeline for %s failed; the bus carries the reason", uri);
}

GFile *
pv_player_get_file (PvPlayer *self)
{
  g_return_val_if_fail (PV_IS_PLAYER (self), NULL);

  return self->file;
}

/**
 * pv_player_get_paintable:
 *
 * Returns: (transfer none): the player itself, as the paintable of the current frame. Its
 * intrinsic size is the displayed size; it invalidates its contents once per shown frame.
 */
GdkPaintable *
pv_player_get_paintable (PvPlayer *self)
{
  g_return_val_if_fail (PV_IS_PLAYER (self), NULL);

  return GDK_PAINTABLE (self);
}

/**
 * pv_player_get_texture:
 *
 * Returns: (transfer none) (nullable): the current frame's pixels, BGRA premultiplied; its PTS
 * is "frame-pts". Its size is the stored one, or smaller with square pixels when a display size
 * is set (see pv_player_set_display_size()).
 */
GdkTexture *
pv_player_get_texture (PvPlayer *self)
{
  g_return_val_if_fail (PV_IS_PLAYER (self), NULL);

  return self->texture;
}

void
pv_player_play (PvPlayer *self)
{
  g_return_if_fail (PV_IS_PLAYER (self));

  if (self->state == PV_PLAYER_STATE_LOADING)
    {
      self->want_playing = TRUE;
      return;
    }
  if (self->state != PV_PLAYER_STATE_PAUSED)
    return;

  /* Play after the end starts over, like every player. */
  if (self->at_eos)
    do_seek (self, self->first_pts, TRUE);

  self->want_playing = TRUE;
  gst_element_set_state (self->pipeline, GST_STATE_PLAYING);
  set_state (self, PV_PLAYER_STATE_PLAYING);
}

void
pv_player_pause (PvPlayer *self)
{
  g_return_if_fail (PV_IS_PLAYER (self));

  self->want_playing = FALSE;
  if (self->state != PV_PLAYER_STATE_PLAYING)
    return;

  gst_element_set_state (self->pipeline, GST_STATE_PAUSED);
  set_state (self, PV_PLAYER_STATE_PAUSED);
}

void
pv_player_toggle_play (PvPlayer *self)
{
  g_return_if_fail (PV_IS_PLAYER (self));

  if (self->state == PV_PLAYER_STATE_PLAYING || self->want_playing)
    pv_player_pause (self);
  else
    pv_player_play (self);
}

/* Stays inside the video: the first frame, or the last one that starts before the end. A seek
 * past the end would otherwise find no frame at all and leave the old one on screen. */
static gint64
clamp_to_frames (PvPlayer *self,
                 gint64    media_time_us)
{
  gint64 target = MAX (media_time_us, self->first_pts);

  if (self->duration > 0)
    {
      gint64 last = self->first_pts + self->duration - frame_duration_ns (self) / GST_USECOND;

      target = MIN (target, MAX (last, self->first_pts));
    }
  return target;
}

/**
 * pv_player_seek:
 * @media_time_us: a media time (PTS) in µs; the first frame is at "first-pts"
 *
 * Shows the frame whose PTS is nearest @media_time_us; exactly half-way between two frames,
 * the later one. "seeking" is TRUE until that frame is shown.
 */
void
pv_player_seek (PvPlayer *self,
                gint64    media_time_us)
{
  g_return_if_fail (PV_IS_PLAYER (self));

  if (self->state == PV_PLAYER_STATE_EMPTY || self->state == PV_PLAYER_STATE_ERROR)
    return;

  queue_seek (self, self->loaded ? clamp_to_frames (self, media_time_us) : media_time_us);
}

/**
 * pv_player_step:
 * @frames: how many frames to move, negative for backward
 *
 * Pauses and moves by whole frames from the frame shown (or from the seek still pending), by an
 * accurate seek to the neighbouring frame's PTS. The nominal frame duration comes from the
 * frame rate; the nearest-PTS rule absorbs the rounding of real timestamps.
 */
void
pv_player_step (PvPlayer *self,
                int       frames)
{
  gint64 base, target;

  g_return_if_fail (PV_IS_PLAYER (self));

  if (!self->loaded || frames == 0)
    return;

  pv_player_pause (self);
  base = self->has_queued_seek ? self->queued_seek_us : self->frame_pts;
  target = base + frames * frame_duration_ns (self) / GST_USECOND;
  queue_seek (self, clamp_to_frames (self, target));
}

static gboolean
refresh_cb (gpointer user_data)
{
  PvPlayer *self = user_data;
  gboolean at_eos = self->at_eos;

  g_clear_pointer (&self->refresh_source, g_source_unref);

  /* Playing, the next frame comes at the new size anyway; a seek in flight brings its frame at
   * the new size too. Paused, decode the frame on screen again. It stays the same frame, so
   * "at the end" stays true. */
  if (self->loaded && self->state == PV_PLAYER_STATE_PAUSED && !self->seek_in_flight)
    {
      do_seek (self, self->frame_pts, TRUE);
      self->at_eos = at_eos;
    }

  return G_SOURCE_REMOVE;
}

/**
 * pv_player_set_display_size:
 * @width: the largest width, in device pixels, frames are drawn at; 0 for the video's own
 * @height: the same for the height
 *
 * Frames bigger than this box are scaled down in the pipeline to fit it, keeping their shape,
 * and come out with square pixels; smaller ones keep their size. The video's size properties do
 * not change. While paused, the frame on screen is decoded again at the new size once the size
 * has stopped changing for a moment, so that resizing the window does not decode on every step.
 */
void
pv_player_set_display_size (PvPlayer *self,
                            int       width,
                            int       height)
{
  g_autoptr(GstCaps) caps = NULL;

  g_return_if_fail (PV_IS_PLAYER (self));

  width = MAX (width, 0);
  height = MAX (height, 0);
  if (width == 0 || height == 0)
    width = height = 0;
  if (self->display_width == width && self->display_height == height)
    return;
  self->display_width = width;
  self->display_height = height;

  /* Ranges, not a size: videoconvertscale fixates them to the largest size that fits and keeps
   * the picture's shape, and never scales up. */
  if (width > 0)
    caps = gst_caps_new_simple ("video/x-raw", "format", G_TYPE_STRING, "BGRA",
                                "width", GST_TYPE_INT_RANGE, 1, width,
                                "height", GST_TYPE_INT_RANGE, 1, height,
                                "pixel-aspect-ratio", GST_TYPE_FRACTION, 1, 1, NULL);
  else
    caps = gst_caps_new_simple ("video/x-raw", "format", G_TYPE_STRING, "BGRA", NULL);
  g_object_set (self->display_filter, "caps", caps, NULL);

  if (self->refresh_source != NULL)
    {
      g_source_destroy (self->refresh_source);
      g_clear_pointer (&self->refresh_source, g_source_unref);
    }
  if (!self->loaded)
    return;
  self->refresh_source = g_timeout_source_new (150);
  g_source_set_callback (self->refresh_source, refresh_cb, self, NULL);
  g_source_set_static_name (self->refresh_source, "[pathview] player refresh");
  g_source_attach (self->refresh_source, self->context);
}

/**
 * pv_player_set_rate:
 * @rate: the playback speed, clamped to 0.25 … 4
 */
void
pv_player_set_rate (PvPlayer *self,
                    double    rate)
{
  g_return_if_fail (PV_IS_PLAYER (self));

  rate = CLAMP (rate, 0.25, 4.0);
  if (self->rate == rate)
    return;

  self->rate = rate;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RATE]);

  /* A rate takes effect through a seek; seek to the frame shown so the picture stays put. A
   * seek still in flight carries the old rate, so queue one that carries the new rate. */
  if (self->loaded)
    queue_seek (self, self->has_queued_seek ? self->queued_seek_us : self->frame_pts);
}

gint64
pv_player_get_frame_pts (PvPlayer *self)
{
  g_return_val_if_fail (PV_IS_PLAYER (self), 0);
  return self->frame_pts;
}

gint64
pv_player_get_first_pts (PvPlayer *self)
{
  g_return_val_if_fail (PV_IS_PLAYER (self), 0);
  return self->first_pts;
}

gint64
pv_player_get_duration (PvPlayer *self)
{
  g_return_val_if_fail (PV_IS_PLAYER (self), 0);
  return self->duration;
}

PvPlayerState
pv_player_get_state (PvPlayer *self)
{
  g_return_val_if_fail (PV_IS_PLAYER (self), PV_PLAYER_STATE_EMPTY);
  return self->state;
}

double
pv_player_get_rate (PvPlayer *self)
{
  g_return_val_if_fail (PV_IS_PLAYER (self), 1.0);
  return self->rate;
}

int
pv_player_get_video_width (PvPlayer *self)
{
  g_return_val_if_fail (PV_IS_PLAYER (self), 0);
  return self->video_width;
}

int
pv_player_get_video_height (PvPlayer *self)
{
  g_return_val_if_fail (PV_IS_PLAYER (self), 0);
  return self->video_height;
}

double
pv_player_get_frame_rate (PvPlayer *self)
{
  g_return_val_if_fail (PV_IS_PLAYER (self), 0);
  return self->frame_rate;
}

/**
 * pv_player_get_frame_duration:
 *
 * Returns: the nominal frame duration in µs (from the frame rate), 0 before loading.
 */
gint64
pv_player_get_frame_duration (PvPlayer *self)
{
  g_return_val_if_fail (PV_IS_PLAYER (self), 0);
  return self->frame_duration_ns / GST_USECOND;
}

gboolean
pv_player_get_loaded (PvPlayer *self)
{
  g_return_val_if_fail (PV_IS_PLAYER (self), FALSE);
  return self->loaded;
}

gboolean
pv_player_get_seeking (PvPlayer *self)
{
  g_return_val_if_fail (PV_IS_PLAYER (self), FALSE);
  return self->seeking;
}

/**
 * pv_player_get_dropped_frames:
 *
 * Returns: frames dropped for lateness (QoS: skipped by the decoder or dropped by the sink)
 * since the file was opened.
 */
guint64
pv_player_get_dropped_frames (PvPlayer *self)
{
  GHashTableIter iter;
  gpointer value;
  guint64 dropped = 0;

  g_return_val_if_fail (PV_IS_PLAYER (self), 0);

  g_hash_table_iter_init (&iter, self->qos_dropped);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    dropped += GPOINTER_TO_SIZE (value);
  return dropped;
}
