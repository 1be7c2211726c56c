/* pv-exporter.h
 *
 * Copyright 2026 The Pathview authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <cairo.h>
#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "pv-overlay.h"
#include "pv-timeline.h"

G_BEGIN_DECLS

#define PV_EXPORTER_ERROR (pv_exporter_error_quark ())

typedef enum
{
  PV_EXPORTER_ERROR_EXISTS,         /* the output exists and "force" is off */
  PV_EXPORTER_ERROR_WRITE,          /* the output cannot be created or written (disk full ...) */
  PV_EXPORTER_ERROR_INPUT,          /* the video cannot be read or decoded */
  PV_EXPORTER_ERROR_MISSING_ELEMENT, /* an encoder or muxer is not installed */
  PV_EXPORTER_ERROR_NOTHING,        /* no frame matched the range and filters */
  PV_EXPORTER_ERROR_BAD_OPTION,     /* an encoder option that the encoder does not have */
} PvExporterError;

typedef enum
{
  PV_EXPORT_FORMAT_PNG,             /* a folder of PNGs plus frames.json; or, when the output
                                     * is named "*.png", that one file: the range's first frame
                                     * (the current frame, at the video's own size) */
  PV_EXPORT_FORMAT_MP4,             /* H.264 (+ AAC audio) */
  PV_EXPORT_FORMAT_WEBM,            /* VP9 (+ Opus audio) */
} PvExportFormat;

/* Draws the overlay over one frame, in place. @cr covers the frame (@width x @height pixels,
 * as displayed: rotation applied); @media_time_us is the frame's own PTS. Called from a
 * streaming thread, one frame at a time, so what it reads must not change during the export. */
typedef void      (*PvExportDrawFunc)     (cairo_t  *cr,
                                           int       width,
                                           int       height,
                                           gint64    media_time_us,
                                           gpointer  user_data);
/* For PNG exports: whether the frame at @media_time_us is wanted (e.g. "has detections"). */
typedef gboolean  (*PvExportFilterFunc)   (gint64    media_time_us,
                                           gpointer  user_data);
/* For the PNG sidecar: a description of what was drawn on the frame (e.g. the detections), or
 * NULL. Same thread rules as the draw function. */
typedef JsonNode *(*PvExportDescribeFunc) (gint64    media_time_us,
                                           gpointer  user_data);

typedef enum
{
  PV_EXPORT_OVERLAY_DETECTIONS_ONLY = 1 << 0, /* PNG: only frames where someone is visible */
  PV_EXPORT_OVERLAY_ALIGN_TIMELINE  = 1 << 1, /* set the timeline's time offset to the video's
                                               * first PTS, from the streaming thread: only for a
                                               * timeline nothing else watches (the CLI) */
} PvExportOverlayFlags;

#define PV_TYPE_EXPORTER (pv_exporter_get_type ())

G_DECLARE_FINAL_TYPE (PvExporter, pv_exporter, PV, EXPORTER, GObject)

GQuark      pv_exporter_error_quark        (void);

typedef struct
{
  gint64 first_pts_us;              /* the first frame's PTS: Timestamps count from it */
  gint64 duration_us;               /* 0 when unknown */
  double frame_rate;                /* 0 when unknown (variable) */
  int    width;                     /* stored frame size */
  int    height;
} PvExportVideoInfo;

gboolean    pv_exporter_probe_video        (GFile                *video,
                                            PvExportVideoInfo    *info,
                                            GError              **error);

PvExporter *pv_exporter_new                (GFile                *video,
                                            GFile                *output,
                                            PvExportFormat        format);
void        pv_exporter_set_range          (PvExporter           *self,
                                            gint64                from_us,
                                            gint64                to_us);
void        pv_exporter_set_every          (PvExporter           *self,
                                            guint                 every);
void        pv_exporter_set_force          (PvExporter           *self,
                                            gboolean              force);
void        pv_exporter_set_png_compression (PvExporter          *self,
                                            int                   level);
void        pv_exporter_set_encoder_options (PvExporter          *self,
                                            const char           *options);
void        pv_exporter_set_overlay        (PvExporter           *self,
                                            PvTimeline           *timeline,
                                            const PvOverlayStyle *style,
                                            PvExportOverlayFlags  flags);
void        pv_exporter_set_draw_func      (PvExporter           *self,
                                            PvExportDrawFunc      func,
                                            gpointer              user_data,
                                            GDestroyNotify        destroy);
void        pv_exporter_set_filter_func    (PvExporter           *self,
                                            PvExportFilterFunc    func,
                                            gpointer              user_data,
                                            GDestroyNotify        destroy);
void        pv_exporter_set_describe_func  (PvExporter           *self,
                                            PvExportDescribeFunc  func,
                                            gpointer              user_data,
                                            GDestroyNotify        destroy);
void        pv_exporter_run_async          (PvExporter           *self,
                                            GCancellable         *cancellable,
                                            GAsyncReadyCallback   callback,
                                            gpointer              user_data);
gboolean    pv_exporter_run_finish         (PvExporter           *self,
                                            GAsyncResult         *result,
                                            GError              **error);
guint       pv_exporter_get_frames_done    (PvExporter           *self);
guint       pv_exporter_get_frames_total   (PvExporter           *self);
const char *pv_exporter_get_warning        (PvExporter           *self);
gint64      pv_exporter_get_first_pts      (PvExporter           *self);

G_END_DECLS
