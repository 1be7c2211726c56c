/* fuzz-common.h: what every reader's fuzz target does with one input
 *
 * Copyright 2026 The Pathview authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <math.h>
#include <stdint.h>
#include <stdlib.h>

#include "pv-result.h"
#include "pv-timeline.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

/* Reads the input; when it reads, builds the timeline, asks it for a few times, and checks that
 * saving and reading back keeps every detection. Any crash, sanitizer report or failed check is
 * a finding. */
static inline void
pv_fuzz_exercise (const uint8_t       *data,
                  size_t               size,
                  const PvReadOptions *options)
{
  g_autoptr(GBytes) bytes = g_bytes_new (data, size);
  g_autoptr(GError) error = NULL;
  g_autoptr(PvResult) result = pv_result_new_from_bytes (bytes, "fuzz", options, &error);
  g_autoptr(PvTimeline) timeline = NULL;
  g_autoptr(GArray) visible = NULL;
  g_autoptr(GBytes) saved = NULL;
  g_autoptr(PvResult) reread = NULL;
  guint n;
  gint64 first, last;

  if (result == NULL)
    {
      /* Every refusal says what and where. */
      if (error == NULL || error->domain != PV_RESULT_ERROR || error->message[0] == '\0')
        abort ();
      return;
    }

  n = pv_result_get_n_detections (result);
  saved = pv_result_to_bytes (result);
  reread = pv_result_new_from_bytes (saved, "fuzz-saved", NULL, &error);
  if (reread == NULL || pv_result_get_n_detections (reread) != n)
    abort ();

  pv_result_check_video (result, 640, 360, 12000, 25);
  timeline = pv_timeline_new (result);
  visible = g_array_new (FALSE, FALSE, sizeof (PvVisiblePerson));
  if (pv_timeline_get_time_range (timeline, &first, &last))
    {
      for (guint i = 0; i <= 4; i++)
        {
          gint64 t_us = first * 1000 + (last - first) * 1000 / 4 * i;

          pv_timeline_set_interpolate (timeline, i % 2);
          pv_timeline_visible_at (timeline, t_us, visible);
          for (guint k = 0; k < visible->len; k++)
            if (!pv_index_filter_contains (pv_timeline_get_filter (timeline),
                                           g_array_index (visible, PvVisiblePerson, k).index))
              abort ();
        }
    }
  pv_timeline_visible_at (timeline, G_MININT64, visible);
  pv_timeline_visible_at (timeline, G_MAXINT64, visible);
  pv_timeline_get_detections (timeline, &n);
}
