/* pv-detector.h
 *
 * Copyright 2026 The Pathview authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A small C face over the person detector, so the analyzer does not care what finds the people:
 * today OpenCV's HOG people detector (or the Haar full-body cascade, kept for comparison), later
 * an ONNX model. A PvDetector is not thread-safe: create one per worker thread. */

#define PV_DETECTOR_ERROR (pv_detector_error_quark ())

typedef enum
{
  PV_DETECTOR_ERROR_INVALID_OPTIONS,
  PV_DETECTOR_ERROR_MISSING_MODEL,
} PvDetectorError;

typedef enum
{
  PV_DETECTOR_KIND_HOG,        /* cv::HOGDescriptor default people SVM (64x128 window) */
  PV_DETECTOR_KIND_CASCADE,    /* haarcascade_fullbody.xml, what GStreamer's facedetect runs */
} PvDetectorKind;

typedef enum
{
  PV_PIXEL_FORMAT_BGR,         /* 3 bytes per pixel */
  PV_PIXEL_FORMAT_BGRX,        /* 4 bytes per pixel, the 4th ignored */
} PvPixelFormat;

typedef struct
{
  const guint8  *data;
  int            width;
  int            height;
  int            stride;       /* bytes per row */
  PvPixelFormat  format;
} PvFrame;

/* In pixels of the frame; confidence in percent (0..100). */
typedef struct
{
  double x;
  double y;
  double width;
  double height;
  float  confidence;
} PvDetectorBox;

typedef struct
{
  PvDetectorBox box;
  /* Only eyes the eye cascade really found; never guessed. Left and right as seen in the image,
   * which is how Rekognition's eyeLeft/eyeRight come out in real data (eyeLeft has the smaller
   * X). */
  gboolean      has_eye_left;
  gboolean      has_eye_right;
  double        eye_left_x, eye_left_y;
  double        eye_right_x, eye_right_y;
} PvDetectorFace;

typedef struct
{
  PvDetectorKind  kind;
  /* Scale the frame up before detection: PETS09 people are 50-130 px tall, the HOG window wants
   * about 96. */
  double          upscale;
  double          scale_step;      /* the image pyramid step, > 1 */
  double          hit_threshold;   /* HOG SVM margin / cascade level weight: weaker hits are
                                    * dropped */
  int             min_neighbors;   /* cascade only */
  const char     *cascade_dir;     /* NULL: the opencv-data folder */
} PvDetectorOptions;

typedef struct _PvDetector PvDetector;

GQuark      pv_detector_error_quark     (void);
void        pv_detector_options_init    (PvDetectorOptions    *options);
PvDetector *pv_detector_new             (const PvDetectorOptions *options,
                                         gboolean              with_faces,
                                         GError              **error);
void        pv_detector_free            (PvDetector           *self);
GArray     *pv_detector_detect_people   (PvDetector           *self,
                                         const PvFrame        *frame);
gboolean    pv_detector_detect_face     (PvDetector           *self,
                                         const PvFrame        *frame,
                                         const PvDetectorBox  *person,
                                         PvDetectorFace       *face_out);
const char *pv_detector_kind_to_string  (PvDetectorKind        kind);
gboolean    pv_detector_kind_from_string (const char          *text,
                                          PvDetectorKind      *kind_out);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PvDetector, pv_detector_free)

G_END_DECLS
