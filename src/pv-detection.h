/* pv-detection.h
 *
 * Copyright 2026 The Pathview authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The plain data every unit shares. Coordinates are ratios of the displayed picture, kept raw
 * (they may poke past 0..1 in real data); only the renderer clips them. */

typedef struct
{
  double left;
  double top;
  double width;
  double height;
} PvBox;

typedef struct
{
  const char *type;   /* interned with g_intern_string (), so it can be compared by pointer */
  double      x;
  double      y;
} PvLandmark;

typedef struct
{
  PvBox       box;
  double      confidence;       /* NAN when the data has none */
  double      pose_roll;        /* NAN when absent */
  double      pose_yaw;
  double      pose_pitch;
  double      quality_brightness;
  double      quality_sharpness;
  guint       n_landmarks;
  PvLandmark *landmarks;
} PvFace;

typedef enum
{
  PV_DETECTION_HAS_BOX        = 1 << 0,
  PV_DETECTION_HAS_CONFIDENCE = 1 << 1,
} PvDetectionFlags;

/* One person at one Timestamp. A detection without a face is exactly 64 bytes. */
typedef struct
{
  gint64            timestamp_ms;   /* milliseconds from the first frame, as the API gives it */
  gint64            index;          /* the person's Index */
  PvBox             box;            /* valid with PV_DETECTION_HAS_BOX */
  float             confidence;     /* percent, valid with PV_DETECTION_HAS_CONFIDENCE */
  guint32           flags;          /* PvDetectionFlags */
  PvFace           *face;           /* NULL when there is no face */
} PvDetection;

/* What the renderer draws for one person at one media time: a sample, or an interpolation
 * between two. Pointers borrow from the timeline and stay valid while it lives. */
typedef struct
{
  gint64             index;
  PvBox              box;
  guint32            flags;          /* PvDetectionFlags, as for PvDetection */
  float              confidence;
  const PvFace      *face;           /* the nearest sample's face, or NULL */
  gint64             timestamp_ms;   /* of the nearest sample */
  gboolean           interpolated;
} PvVisiblePerson;

G_END_DECLS
