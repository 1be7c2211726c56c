/* bench-seek-limit.h
 *
 * Copyright 2026 The Pathview authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The physical limit the seek benchmarks compare against, shared by bench-player and
 * bench-viewer: an accurate flushing seek in the plainest pipeline (filesrc ! qtdemux ! h264parse
 * ! avdec_h264 ! fakesink, paused), timed until it has prerolled the target frame, i.e. decoding
 * from the preceding keyframe to the target. */

#pragma once

#include <gst/gst.h>

static inline double
plain_seek_ms (GstElement *pipeline,
               gint64      stream_time_ns)
{
  g_autoptr(GstBus) bus = gst_element_get_bus (pipeline);
  g_autoptr(GstMessage) msg = NULL;
  gint64 start = g_get_monotonic_time ();

  g_assert_true (gst_element_seek_simple (pipeline, GST_FORMAT_TIME,
                                          GST_SEEK_FLAG_FLUSH | GST_SEEK_FLAG_ACCURATE,
                                          stream_time_ns));
  msg = gst_bus_timed_pop_filtered (bus, 30 * GST_SECOND,
                                    GST_MESSAGE_ASYNC_DONE | GST_MESSAGE_ERROR);
  g_assert_nonnull (msg);
  g_assert_cmpint (GST_MESSAGE_TYPE (msg), ==, GST_MESSAGE_ASYNC_DONE);
  return (g_get_monotonic_time () - start) / 1000.0;
}
