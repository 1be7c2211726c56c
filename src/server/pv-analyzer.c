/* pv-analyzer.c
 *
 * Copyright 2026 The Pathview authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "pv-analyzer"

#include "config.h"

#include <math.h>

#include <gst/app/gstappsink.h>
#include <gst/gst.h>
#include <gst/pbutils/pbutils.h>
#include <gst/video/video.h>

#include "pv-analyzer.h"

typedef struct
{
  char   *codec;
  char   *format;
  gint64  duration_ms;   /* -1 unknown */
  double  frame_rate;    /* 0 unknown */
  int     width;
  int     height;
} Metadata;

/* What one sampled frame gave. */
typedef struct
{
  gint64  timestamp_ms;
  GArray *people;        /* PvDetectorBox */
  GArray *faces;         /* PvDetectorFace, parallel to people; box.width == 0: no face */
} SampleResult;

typedef struct
{
  const PvAnalyzerOptions *options;

  /* Streaming thread only (the sampling probe) */
  gboolean     have_first;
  GstClockTime first_pts;
  GstClockTime next_sample;   /* relative to first_pts */
  guint64      n_frames_seen;

  /* Workers */
  GAsyncQueue *detectors;     /* idle PvDetector, one per thread */
  GMutex       lock;
  GCond        cond;
  guint        in_flight;
  GPtrArray   *results;       /* SampleResult by sample number, under lock */
} Run;

typedef struct
{
  Run       *run;
  guint      number;
  gint64     timestamp_ms;
  GstSample *sample;
} Job;

G_DEFINE_QUARK (pv-analyzer-error-quark, pv_analyzer_error)

void
pv_analyzer_options_init (PvAnalyzerOptions *options)
{
  g_return_if_fail (options != NULL);

  memset (options, 0, sizeof *options);
  options->sample_rate = 5.0;
  options->n_threads = 0;
  options->faces = TRUE;
  pv_detector_options_init (&options->detector);
  pv_tracker_options_init (&options->tracker);
}

static void
metadata_clear (Metadata *meta)
{
  g_clear_pointer (&meta->codec, g_free);
  g_clear_pointer (&meta->format, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Metadata, metadata_clear)

static void
sample_result_free (gpointer data)
{
  SampleResult *result = data;

  if (result == NULL)
    return;
  g_clear_pointer (&result->people, g_array_unref);
  g_clear_pointer (&result->faces, g_array_unref);
  g_free (result);
}

/* The names Rekognition reports are FFmpeg's (it says "h264" and "QuickTime / MOV"), so map
 * GStreamer caps to those. */
static char *
codec_name (const GstCaps *caps)
{
  static const struct { const char *media; const char *name; } names[] = {
    { "video/x-h264", "h264" },
    { "video/x-h265", "hevc" },
    { "video/x-vp8", "vp8" },
    { "video/x-vp9", "vp9" },
    { "video/x-av1", "av1" },
    { "video/x-theora", "theora" },
    { "video/x-msmpeg", "msmpeg4" },
    { "video/x-divx", "mpeg4" },
    { "video/x-xvid", "mpeg4" },
    { "image/jpeg", "mjpeg" },
    { "video/x-raw", "rawvideo" },
  };
  const GstStructure *s;
  const char *media;
  int version = 0;

  if (caps == NULL || gst_caps_is_empty (caps) || gst_caps_is_any (caps))
    return g_strdup ("unknown");

  s = gst_caps_get_structure (caps, 0);
  media = gst_structure_get_name (s);
  if (g_str_equal (media, "video/mpeg") && gst_structure_get_int (s, "mpegversion", &version))
    return g_strdup (version == 4 ? "mpeg4" : version == 2 ? "mpeg2video" : "mpeg1video");
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (g_str_equal (media, names[i].media))
      return g_strdup (names[i].name);
  return g_strdup (media);
}

static char *
format_name (const GstCaps *caps)
{
  const char *media;

  if (caps == NULL || gst_caps_is_empty (caps) || gst_caps_is_any (caps))
    return g_strdup ("unknown");

  media = gst_structure_get_name (gst_caps_get_structure (caps, 0));
  if (g_str_equal (media, "video/quicktime"))
    return g_strdup ("QuickTime / MOV");
  if (g_str_equal (media, "video/x-msvideo"))
    return g_strdup ("AVI (Audio Video Interleaved)");
  if (g_str_equal (media, "video/x-matroska") || g_str_equal (media, "video/webm"))
    return g_strdup ("Matroska / WebM");
  if (g_str_equal (media, "video/mpegts"))
    return g_strdup ("MPEG-TS (MPEG-2 Transport Stream)");
  if (g_str_equal (media, "application/ogg"))
    return g_strdup ("Ogg");
  return g_strdup (media);
}

static gboolean
discover (GFile         *video,
          Metadata      *meta,
          GError       **error)
{
  g_autoptr(GstDiscoverer) discoverer = NULL;
  g_autoptr(GstDiscovererInfo) info = NULL;
  g_autoptr(GstDiscovererStreamInfo) top = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *uri = g_file_get_uri (video);
  g_autofree char *name = g_file_get_parse_name (video);
  GList *videos;
  GstDiscovererVideoInfo *vinfo;
  g_autoptr(GstCaps) vcaps = NULL;
  GstClockTime duration;

  discoverer = gst_discoverer_new (30 * GST_SECOND, &local_error);
  if (discoverer == NULL)
    {
      g_set_error (error, PV_ANALYZER_ERROR, PV_ANALYZER_ERROR_FAILED,
                   "Cannot inspect “%s”: %s", name, local_error->message);
      return FALSE;
    }

  info = gst_discoverer_discover_uri (discoverer, uri, &local_error);
  if (info == NULL)
    {
      g_set_error (error, PV_ANALYZER_ERROR, PV_ANALYZER_ERROR_UNREADABLE,
                   "Cannot read the video “%s”: %s", name,
                   local_error ? local_error->message : "unknown error");
      return FALSE;
    }

  switch (gst_discoverer_info_get_result (info))
    {
    case GST_DISCOVERER_OK:
      break;
    case GST_DISCOVERER_MISSING_PLUGINS:
      {
        const char **details = gst_discoverer_info_get_missing_elements_installer_details (info);
        g_autofree char *joined = details ? g_strjoinv (", ", (char **) details) : NULL;

        g_set_error (error, PV_ANALYZER_ERROR, PV_ANALYZER_ERROR_UNSUPPORTED,
                     "Unsupported codec or container in “%s”: no GStreamer element can decode it "
                     "(%s)", name, joined && *joined ? joined : "missing plugin");
        return FALSE;
      }
    case GST_DISCOVERER_TIMEOUT:
      g_set_error (error, PV_ANALYZER_ERROR, PV_ANALYZER_ERROR_UNREADABLE,
                   "Reading the video “%s” timed out", name);
      return FALSE;
    case GST_DISCOVERER_URI_INVALID:
    case GST_DISCOVERER_ERROR:
    case GST_DISCOVERER_BUSY:
    default:
      g_set_error (error, PV_ANALYZER_ERROR, PV_ANALYZER_ERROR_UNREADABLE,
                   "Cannot read the video “%s”: %s", name,
                   local_error ? local_error->message : "not a video GStreamer can read");
      return FALSE;
    }

  videos = gst_discoverer_info_get_video_streams (info);
  if (videos == NULL)
    {
      g_set_error (error, PV_ANALYZER_ERROR, PV_ANALYZER_ERROR_UNSUPPORTED,
                   "“%s” has no video stream", name);
      return FALSE;
    }
  vinfo = videos->data;
  vcaps = gst_discoverer_stream_info_get_caps (GST_DISCOVERER_STREAM_INFO (vinfo));
  meta->codec = codec_name (vcaps);
  meta->width = (int) gst_discoverer_video_info_get_width (vinfo);
  meta->height = (int) gst_discoverer_video_info_get_height (vinfo);
  if (gst_discoverer_video_info_get_framerate_denom (vinfo) > 0)
    meta->frame_rate = (double) gst_discoverer_video_info_get_framerate_num (vinfo)
                       / gst_discoverer_video_info_get_framerate_denom (vinfo);
  gst_discoverer_stream_info_list_free (videos);

  top = gst_discoverer_info_get_stream_info (info);
  if (top != NULL && GST_IS_DISCOVERER_CONTAINER_INFO (top))
    {
      g_autoptr(GstCaps) ccaps = gst_discoverer_stream_info_get_caps (top);
      meta->format = format_name (ccaps);
    }
  else
    meta->format = g_strdup ("unknown");

  duration = gst_discoverer_info_get_duration (info);
  meta->duration_ms = GST_CLOCK_TIME_IS_VALID (duration) ? (gint64) (duration / GST_MSECOND) : -1;

  if (meta->width <= 0 || meta->height <= 0)
    {
      g_set_error (error, PV_ANALYZER_ERROR, PV_ANALYZER_ERROR_UNSUPPORTED,
                   "The video stream of “%s” has no frame size", name);
      return FALSE;
    }
  return TRUE;
}

/* Drops the frames that are not sampled before videoconvert, so they cost a decode only. */
static GstPadProbeReturn
sample_probe (GstPad          *pad,
              GstPadProbeInfo *info,
              gpointer         user_data)
{
  Run *run = user_data;
  GstBuffer *buffer = GST_PAD_PROBE_INFO_BUFFER (info);
  GstClockTime interval = (GstClockTime) (GST_SECOND / run->options->sample_rate);
  GstClockTime pts = GST_BUFFER_PTS (buffer);
  GstClockTime t;

  if (!GST_CLOCK_TIME_IS_VALID (pts))
    return GST_PAD_PROBE_DROP;

  if (!run->have_first)
    {
      run->have_first = TRUE;
      run->first_pts = pts;
      run->next_sample = 0;
    }
  run->n_frames_seen++;
  if (pts < run->first_pts)
    return GST_PAD_PROBE_DROP;

  /* A millisecond of slack, so 29.97 fps frames land on their sample slot despite rounding. */
  t = pts - run->first_pts + GST_MSECOND;
  if (t < run->next_sample)
    return GST_PAD_PROBE_DROP;
  run->next_sample = (t / interval + 1) * interval;
  return GST_PAD_PROBE_OK;
}

static void
pad_added (GstElement *decodebin,
           GstPad     *pad,
           gpointer    user_data)
{
  GstElement *convert = user_data;
  g_autoptr(GstPad) sink = gst_element_get_static_pad (convert, "sink");
  g_autoptr(GstCaps) caps = gst_pad_get_current_caps (pad);

  if (caps == NULL)
    caps = gst_pad_query_caps (pad, NULL);
  if (!g_str_has_prefix (gst_structure_get_name (gst_caps_get_structure (caps, 0)), "video/")
      || gst_pad_is_linked (sink))
    {
      /* Audio, subtitles, a second video: swallowed, since an unlinked pad would stop the
       * demuxer with not-linked. Only the first video stream is analysed. */
      GstElement *fakesink = gst_element_factory_make ("fakesink", NULL);
      g_autoptr(GstPad) fakepad = gst_element_get_static_pad (fakesink, "sink");

      g_object_set (fakesink, "sync", FALSE, "async", FALSE, NULL);
      gst_bin_add (GST_BIN (GST_ELEMENT_PARENT (decodebin)), fakesink);
      gst_element_sync_state_with_parent (fakesink);
      gst_pad_link (pad, fakepad);
      return;
    }
  if (gst_pad_link (pad, sink) != GST_PAD_LINK_OK)
    g_warning ("Cannot link the decoded video to videoconvert");
}

static void
detect_job (gpointer data,
            gpointer user_data)
{
  Job *job = data;
  Run *run = job->run;
  PvDetector *detector = g_async_queue_pop (run->detectors);
  GstBuffer *buffer = gst_sample_get_buffer (job->sample);
  GstCaps *caps = gst_sample_get_caps (job->sample);
  SampleResult *result = g_new0 (SampleResult, 1);
  GstVideoInfo vinfo;
  GstVideoFrame vframe;

  result->timestamp_ms = job->timestamp_ms;
  result->people = g_array_new (FALSE, FALSE, sizeof (PvDetectorBox));
  result->faces = g_array_new (FALSE, TRUE, sizeof (PvDetectorFace));

  if (caps != NULL && gst_video_info_from_caps (&vinfo, caps)
      && gst_video_frame_map (&vframe, &vinfo, buffer, GST_MAP_READ))
    {
      PvFrame frame = {
        GST_VIDEO_FRAME_PLANE_DATA (&vframe, 0),
        GST_VIDEO_FRAME_WIDTH (&vframe),
        GST_VIDEO_FRAME_HEIGHT (&vframe),
        GST_VIDEO_FRAME_PLANE_STRIDE (&vframe, 0),
        GST_VIDEO_FRAME_FORMAT (&vframe) == GST_VIDEO_FORMAT_BGR ? PV_PIXEL_FORMAT_BGR
                                                                 : PV_PIXEL_FORMAT_BGRX,
      };

      g_array_unref (result->people);
      result->people = pv_detector_detect_people (detector, &frame);
      g_array_set_size (result->faces, result->people->len);
      if (run->options->faces)
        for (guint i = 0; i < result->people->len; i++)
          pv_detector_detect_face (detector, &frame,
                                   &g_array_index (result->people, PvDetectorBox, i),
                                   &g_array_index (result->faces, PvDetectorFace, i));
      gst_video_frame_unmap (&vframe);
    }
  else
    g_warning ("Cannot map the frame at %" G_GINT64_FORMAT " ms", job->timestamp_ms);

  g_async_queue_push (run->detectors, detector);
  gst_sample_unref (job->sample);

  g_mutex_lock (&run->lock);
  if (run->results->len <= job->number)
    g_ptr_array_set_size (run->results, job->number + 1);
  g_ptr_array_index (run->results, job->number) = result;
  run->in_flight--;
  g_cond_signal (&run->cond);
  g_mutex_unlock (&run->lock);
  g_free (job);
}

static gboolean
bus_error (GstBus  *bus,
           GFile   *video,
           GError **error)
{
  g_autoptr(GstMessage) msg = gst_bus_pop_filtered (bus, GST_MESSAGE_ERROR);
  g_autoptr(GError) gst_error = NULL;
  g_autofree char *debug = NULL;
  g_autofree char *name = NULL;

  if (msg == NULL)
    return FALSE;

  name = g_file_get_parse_name (video);
  gst_message_parse_error (msg, &gst_error, &debug);
  g_debug ("%s", debug ? debug : "");
  g_set_error (error, PV_ANALYZER_ERROR,
               g_error_matches (gst_error, GST_STREAM_ERROR, GST_STREAM_ERROR_CODEC_NOT_FOUND)
                 ? PV_ANALYZER_ERROR_UNSUPPORTED : PV_ANALYZER_ERROR_UNREADABLE,
               "Decoding “%s” failed: %s", name, gst_error->message);
  return TRUE;
}

static gboolean
decode_and_detect (GFile                  *video,
                   Run                    *run,
                   const Metadata         *meta,
                   guint                   n_threads,
                   PvAnalyzerProgressFunc  progress,
                   gpointer                user_data,
                   GCancellable           *cancellable,
                   GError                **error)
{
  g_autoptr(GstElement) pipeline = gst_pipeline_new ("analyzer");
  g_autoptr(GstBus) bus = NULL;
  g_autoptr(GstCaps) bgr = gst_caps_from_string ("video/x-raw,format=BGR");
  g_autoptr(GstPad) convert_sink = NULL;
  g_autofree char *uri = g_file_get_uri (video);
  GstElement *decode, *convert, *sink;
  GThreadPool *pool;
  gboolean ok = TRUE;
  guint number = 0;
  gint64 last_progress = 0;

  decode = gst_element_factory_make ("uridecodebin", NULL);
  convert = gst_element_factory_make ("videoconvert", NULL);
  sink = gst_element_factory_make ("appsink", NULL);
  if (decode == NULL || convert == NULL || sink == NULL)
    {
      g_set_error (error, PV_ANALYZER_ERROR, PV_ANALYZER_ERROR_FAILED,
                   "GStreamer's uridecodebin, videoconvert or appsink is missing: "
                   "install gstreamer1.0-plugins-base");
      g_clear_pointer (&decode, gst_object_unref);
      g_clear_pointer (&convert, gst_object_unref);
      g_clear_pointer (&sink, gst_object_unref);
      return FALSE;
    }

  g_object_set (decode, "uri", uri, NULL);
  g_object_set (sink, "caps", bgr, "sync", FALSE, "max-buffers", 2 * n_threads, "drop", FALSE,
                NULL);
  gst_bin_add_many (GST_BIN (pipeline), decode, convert, sink, NULL);
  if (!gst_element_link (convert, sink))
    {
      g_set_error (error, PV_ANALYZER_ERROR, PV_ANALYZER_ERROR_FAILED,
                   "Cannot link videoconvert to appsink");
      return FALSE;
    }
  g_signal_connect (decode, "pad-added", G_CALLBACK (pad_added), convert);
  convert_sink = gst_element_get_static_pad (convert, "sink");
  gst_pad_add_probe (convert_sink, GST_PAD_PROBE_TYPE_BUFFER, sample_probe, run, NULL);

  pool = g_thread_pool_new (detect_job, run, (int) n_threads, FALSE, NULL);
  bus = gst_element_get_bus (pipeline);

  if (gst_element_set_state (pipeline, GST_STATE_PLAYING) == GST_STATE_CHANGE_FAILURE)
    {
      if (!bus_error (bus, video, error))
        g_set_error (error, PV_ANALYZER_ERROR, PV_ANALYZER_ERROR_UNREADABLE,
                     "Cannot start decoding “%s”", uri);
      ok = FALSE;
    }

  while (ok)
    {
      GstSample *sample;
      GstBuffer *buffer;
      Job *job;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        {
          ok = FALSE;
          break;
        }

      sample = gst_app_sink_try_pull_sample (GST_APP_SINK (sink), 100 * GST_MSECOND);
      if (sample == NULL)
        {
          if (bus_error (bus, video, error))
            ok = FALSE;
          else if (gst_app_sink_is_eos (GST_APP_SINK (sink)))
            break;
          continue;
        }

      buffer = gst_sample_get_buffer (sample);
      job = g_new0 (Job, 1);
      job->run = run;
      job->number = number++;
      job->sample = sample;
      job->timestamp_ms = (gint64) ((GST_BUFFER_PTS (buffer) - run->first_pts + GST_MSECOND / 2)
                                    / GST_MSECOND);

      g_mutex_lock (&run->lock);
      while (run->in_flight >= 2 * n_threads)
        g_cond_wait (&run->cond, &run->lock);
      run->in_flight++;
      g_mutex_unlock (&run->lock);
      g_thread_pool_push (pool, job, NULL);

      if (progress != NULL && meta->duration_ms > 0)
        {
          gint64 now = g_get_monotonic_time ();

          if (now - last_progress > G_USEC_PER_SEC / 5)
            {
              last_progress = now;
              progress (CLAMP ((double) job->timestamp_ms / meta->duration_ms, 0.0, 1.0),
                        user_data);
            }
        }
    }

  gst_element_set_state (pipeline, GST_STATE_NULL);
  /* Let the queued frames finish: their samples hold buffers from the pipeline's pools. */
  g_thread_pool_free (pool, FALSE, TRUE);

  if (ok && number == 0)
    {
      g_autofree char *name = g_file_get_parse_name (video);

      g_set_error (error, PV_ANALYZER_ERROR, PV_ANALYZER_ERROR_UNREADABLE,
                   "“%s” decoded to no video frames", name);
      ok = FALSE;
    }
  return ok;
}

static void
add_box (JsonBuilder         *builder,
         const char          *member,
         const PvDetectorBox *box,
         const Metadata      *meta)
{
  /* Ratios of the picture, clipped to it as Rekognition's are (almost) always. */
  double left = CLAMP (box->x, 0.0, meta->width) / meta->width;
  double top = CLAMP (box->y, 0.0, meta->height) / meta->height;
  double right = CLAMP (box->x + box->width, 0.0, meta->width) / meta->width;
  double bottom = CLAMP (box->y + box->height, 0.0, meta->height) / meta->height;

  json_builder_set_member_name (builder, member);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "Width");
  json_builder_add_double_value (builder, right - left);
  json_builder_set_member_name (builder, "Height");
  json_builder_add_double_value (builder, bottom - top);
  json_builder_set_member_name (builder, "Left");
  json_builder_add_double_value (builder, left);
  json_builder_set_member_name (builder, "Top");
  json_builder_add_double_value (builder, top);
  json_builder_end_object (builder);
}

static void
add_landmark (JsonBuilder    *builder,
              const char     *type,
              double          x,
              double          y,
              const Metadata *meta)
{
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "Type");
  json_builder_add_string_value (builder, type);
  json_builder_set_member_name (builder, "X");
  json_builder_add_double_value (builder, x / meta->width);
  json_builder_set_member_name (builder, "Y");
  json_builder_add_double_value (builder, y / meta->height);
  json_builder_end_object (builder);
}

static int
compare_tracked (gconstpointer a,
                 gconstpointer b)
{
  const PvTrackedBox *ta = a;
  const PvTrackedBox *tb = b;

  if (ta->sample != tb->sample)
    return ta->sample < tb->sample ? -1 : 1;
  return ta->index < tb->index ? -1 : (ta->index > tb->index);
}

static void
write_detections (const char     *path,
                  GPtrArray      *results,
                  const Metadata *meta)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  double fps = meta->frame_rate > 0 ? meta->frame_rate : 1.0;

  /* MOT text, frame numbers from 1: only for comparing against MOT files in the benchmark. */
  for (guint i = 0; i < results->len; i++)
    {
      SampleResult *r = g_ptr_array_index (results, i);

      for (guint j = 0; r && j < r->people->len; j++)
        {
          PvDetectorBox *b = &g_array_index (r->people, PvDetectorBox, j);

          g_string_append_printf (text,
                                  "%" G_GINT64_FORMAT ",-1,%.1f,%.1f,%.1f,%.1f,%.3f,-1,-1,-1\n",
                                  (gint64) llround (r->timestamp_ms * fps / 1000.0) + 1,
                                  b->x, b->y, b->width, b->height, b->confidence / 100.0);
        }
    }
  if (!g_file_set_contents (path, text->str, text->len, &error))
    g_warning ("Cannot write the detections: %s", error->message);
}

static JsonObject *
build_response (GPtrArray      *results,
                const Metadata *meta,
                const PvAnalyzerOptions *options)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(PvTracker) tracker = pv_tracker_new (&options->tracker);
  g_autoptr(GArray) tracked = g_array_new (FALSE, FALSE, sizeof (PvTrackedBox));
  g_autoptr(JsonNode) root = NULL;

  for (guint i = 0; i < results->len; i++)
    {
      SampleResult *r = g_ptr_array_index (results, i);

      if (r != NULL)
        pv_tracker_update (tracker, i, (const PvDetectorBox *) r->people->data, r->people->len,
                           tracked);
    }
  g_array_sort (tracked, compare_tracked);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "JobStatus");
  json_builder_add_string_value (builder, "SUCCEEDED");

  json_builder_set_member_name (builder, "VideoMetadata");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "Codec");
  json_builder_add_string_value (builder, meta->codec);
  json_builder_set_member_name (builder, "Format");
  json_builder_add_string_value (builder, meta->format);
  if (meta->duration_ms >= 0)
    {
      json_builder_set_member_name (builder, "DurationMillis");
      json_builder_add_int_value (builder, meta->duration_ms);
    }
  json_builder_set_member_name (builder, "FrameRate");
  json_builder_add_double_value (builder, meta->frame_rate);
  json_builder_set_member_name (builder, "FrameWidth");
  json_builder_add_int_value (builder, meta->width);
  json_builder_set_member_name (builder, "FrameHeight");
  json_builder_add_int_value (builder, meta->height);
  json_builder_end_object (builder);

  json_builder_set_member_name (builder, "Persons");
  json_builder_begin_array (builder);
  for (guint i = 0; i < tracked->len; i++)
    {
      PvTrackedBox *t = &g_array_index (tracked, PvTrackedBox, i);
      SampleResult *r = g_ptr_array_index (results, t->sample);
      PvDetectorFace *face = &g_array_index (r->faces, PvDetectorFace, t->detection);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "Timestamp");
      json_builder_add_int_value (builder, r->timestamp_ms);
      json_builder_set_member_name (builder, "Person");
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "Index");
      json_builder_add_int_value (builder, t->index);
      add_box (builder, "BoundingBox", &t->box, meta);
      /* Not in the service model's PersonDetail: the detector's own score, which clients that
       * follow the model (botocore) ignore and Pathview's confidence filter uses. */
      json_builder_set_member_name (builder, "Confidence");
      json_builder_add_double_value (builder, t->box.confidence);
      if (face->box.width > 0)
        {
          json_builder_set_member_name (builder, "Face");
          json_builder_begin_object (builder);
          add_box (builder, "BoundingBox", &face->box, meta);
          json_builder_set_member_name (builder, "Confidence");
          json_builder_add_double_value (builder, face->box.confidence);
          json_builder_set_member_name (builder, "Landmarks");
          json_builder_begin_array (builder);
          if (face->has_eye_left)
            add_landmark (builder, "eyeLeft", face->eye_left_x, face->eye_left_y, meta);
          if (face->has_eye_right)
            add_landmark (builder, "eyeRight", face->eye_right_x, face->eye_right_y, meta);
          json_builder_end_array (builder);
          json_builder_end_object (builder);
        }
      json_builder_end_object (builder);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  return json_object_ref (json_node_get_object (root));
}

JsonObject *
pv_analyzer_run (GFile                   *video,
                 const PvAnalyzerOptions *options,
                 PvAnalyzerProgressFunc   progress,
                 gpointer                 user_data,
                 GCancellable            *cancellable,
                 GError                 **error)
{
  g_auto(Metadata) meta = { 0 };
  Run run = { 0 };
  JsonObject *response = NULL;
  guint n_threads;
  gboolean ok;

  g_return_val_if_fail (G_IS_FILE (video), NULL);
  g_return_val_if_fail (options != NULL, NULL);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!(options->sample_rate > 0.0 && options->sample_rate <= 1000.0))
    {
      g_set_error (error, PV_ANALYZER_ERROR, PV_ANALYZER_ERROR_INVALID_OPTIONS,
                   "Sample rate %g is outside 0..1000 frames per second", options->sample_rate);
      return NULL;
    }

  if (!gst_is_initialized ())
    gst_init (NULL, NULL);

  if (!discover (video, &meta, error))
    return NULL;

  n_threads = options->n_threads ? options->n_threads : g_get_num_processors ();
  run.options = options;
  run.detectors = g_async_queue_new_full ((GDestroyNotify) pv_detector_free);
  run.results = g_ptr_array_new_with_free_func (sample_result_free);
  g_mutex_init (&run.lock);
  g_cond_init (&run.cond);

  ok = TRUE;
  for (guint i = 0; ok && i < n_threads; i++)
    {
      PvDetector *detector = pv_detector_new (&options->detector, options->faces, error);

      if (detector == NULL)
        ok = FALSE;
      else
        g_async_queue_push (run.detectors, detector);
    }

  if (ok)
    ok = decode_and_detect (video, &run, &meta, n_threads, progress, user_data, cancellable, error);

  if (ok)
    {
      if (options->detections_path != NULL)
        write_detections (options->detections_path, run.results, &meta);
      response = build_response (run.results, &meta, options);
      if (progress != NULL)
        progress (1.0, user_data);
    }

  g_ptr_array_unref (run.results);
  g_async_queue_unref (run.detectors);
  g_mutex_clear (&run.lock);
  g_cond_clear (&run.cond);
  return response;
}

static void
append_node (GString  *out,
             JsonNode *node)
{
  switch (json_node_get_node_type (node))
    {
    case JSON_NODE_OBJECT:
      {
        JsonObject *object = json_node_get_object (node);
        g_autoptr(GList) members = json_object_get_members (object);
        gboolean first = TRUE;

        g_string_append_c (out, '{');
        for (GList *l = members; l != NULL; l = l->next)
          {
            g_autoptr(JsonNode) key = json_node_init_string (json_node_alloc (), l->data);
            g_autofree char *quoted = json_to_string (key, FALSE);

            if (!first)
              g_string_append_c (out, ',');
            first = FALSE;
            g_string_append (out, quoted);
            g_string_append_c (out, ':');
            append_node (out, json_object_get_member (object, l->data));
          }
        g_string_append_c (out, '}');
        break;
      }
    case JSON_NODE_ARRAY:
      {
        JsonArray *array = json_node_get_array (node);

        g_string_append_c (out, '[');
        for (guint i = 0; i < json_array_get_length (array); i++)
          {
            if (i > 0)
              g_string_append_c (out, ',');
            append_node (out, json_array_get_element (array, i));
          }
        g_string_append_c (out, ']');
        break;
      }
    case JSON_NODE_VALUE:
      if (json_node_get_value_type (node) == G_TYPE_DOUBLE)
        {
          char buf[G_ASCII_DTOSTR_BUF_SIZE];
          double v = json_node_get_double (node);

          /* 7 significant digits: a ratio to 1e-7 of the picture, a hundred times finer than a
           * pixel of a 4K frame; the full 17 digits would double the file for nothing. */
          g_ascii_formatd (buf, sizeof buf, "%.7g", isfinite (v) ? v : 0.0);
          g_string_append (out, buf);
          /* Keep it a JSON number with a fraction, so typed readers still see a double. */
          if (strpbrk (buf, ".eE") == NULL)
            g_string_append (out, ".0");
          break;
        }
      G_GNUC_FALLTHROUGH;
    case JSON_NODE_NULL:
    default:
      {
        g_autofree char *text = json_to_string (node, FALSE);

        g_string_append (out, text);
        break;
      }
    }
}

/**
 * pv_analyzer_to_json:
 * @response: what pv_analyzer_run () returned
 *
 * Returns: (transfer full): compact JSON text of @response, doubles to 7 significant digits
 */
char *
pv_analyzer_to_json (JsonObject *response,
                     gsize      *length)
{
  g_autoptr(JsonNode) root = NULL;
  GString *out = g_string_new (NULL);

  g_return_val_if_fail (response != NULL, NULL);

  root = json_node_init_object (json_node_alloc (), response);
  append_node (out, root);
  g_string_append_c (out, '\n');
  if (length != NULL)
    *length = out->len;
  return g_string_free (out, FALSE);
}
