/* pv-mot-reader.c: MOT Challenge text into a PvResult
 *
 * Copyright 2026 The Pathview authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "pv-mot-reader"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "pv-result-private.h"

/* MOT Challenge rows are `frame,id,left,top,width,height,...` in pixels with 1-based frames.
 * What follows the box tells the kind of file:
 * - 10 columns (`conf,x,y,z`): tracker or detector output, MOT15 ground truth;
 * - 9 columns (`flag,class,visibility`): MOT16+ ground truth, where flag 0 means "do not
 *   consider" and those rows are left out (counted in one warning);
 * - 6 to 8 columns: the box, then an optional confidence.
 * MOT frame N is video frame N-1, so its Timestamp is (N-1) × 1000 / frame rate ms.
 * Boxes become ratios of the frame size; confidences in 0..1 become percent.
 */

#define MAX_COLUMNS 10

static gboolean
parse_double (const char *field,
              double     *value)
{
  char *end = NULL;

  while (*field == ' ' || *field == '\t')
    field++;
  if (*field == '\0')
    return FALSE;
  *value = g_ascii_strtod (field, &end);
  while (*end == ' ' || *end == '\t')
    end++;
  return end != field && *end == '\0' && isfinite (*value);
}

/* Splits a line (NUL-terminated, no newline) in place; returns the number of fields, or
 * MAX_COLUMNS + 1 when there are more. */
static guint
split_fields (char  *line,
              char **fields)
{
  guint n = 0;
  char *p = line;

  for (;;)
    {
      char *comma = strchr (p, ',');

      if (n == MAX_COLUMNS)
        return MAX_COLUMNS + 1;
      fields[n++] = p;
      if (comma == NULL)
        break;
      *comma = '\0';
      p = comma + 1;
    }
  return n;
}

gboolean
pv_mot_reader_looks_like (const char *text,
                          gsize       len)
{
  g_autofree char *line = NULL;
  const char *end = memchr (text, '\n', len);
  char *fields[MAX_COLUMNS];
  guint n;
  double value;

  line = g_strndup (text, end != NULL ? (gsize) (end - text) : len);
  g_strchomp (line);
  n = split_fields (line, fields);
  return n >= 6 && n <= MAX_COLUMNS
         && parse_double (fields[0], &value) && parse_double (fields[1], &value);
}

gboolean
pv_mot_reader_read (PvResult            *self,
                    const char          *text,
                    gsize                len,
                    const PvReadOptions *options,
                    GError             **error)
{
  const char *name = pv_result_get_name (self);
  const char *p = text;
  const char *text_end = text + len;
  guint line_number = 0;
  guint n_ignored = 0;
  guint n_no_id = 0;
  guint first = pv_result_get_n_detections (self);
  gboolean all_fractions = TRUE;
  GString *line = g_string_new (NULL);

  if (options == NULL || !(options->frame_rate > 0) || options->frame_width == 0
      || options->frame_height == 0)
    {
      g_string_free (line, TRUE);
      g_set_error (error, PV_RESULT_ERROR, PV_RESULT_ERROR_NEEDS_VIDEO,
                   _("%s is MOT text: its pixels and frame numbers need the video’s frame rate "
                     "and frame size. Open it together with its video, or give them."), name);
      return FALSE;
    }

  pv_result_set_format (self, PV_RESULT_FORMAT_MOT);
  pv_result_set_video_geometry (self, options->frame_rate, options->frame_width,
                                options->frame_height);

  while (p < text_end)
    {
      const char *nl = memchr (p, '\n', (gsize) (text_end - p));
      const char *next = nl != NULL ? nl + 1 : text_end;
      PvElementLocation where = { .name = name, .is_line = TRUE };
      char *fields[MAX_COLUMNS];
      double v[MAX_COLUMNS];
      PvDetection detection = { 0 };
      guint n;
      guint i;

      line_number++;
      g_string_truncate (line, 0);
      g_string_append_len (line, p, (gssize) ((nl != NULL ? nl : text_end) - p));
      p = next;
      where.position = line_number;

      /* Windows line endings and trailing blanks. */
      g_strchomp (line->str);
      if (line->str[0] == '\0')
        continue;

      n = split_fields (line->str, fields);
      if (n < 6 || n > MAX_COLUMNS)
        {
          pv_result_add_warning (self, &where,
                                 _("a row needs 6 to 10 comma-separated columns "
                                   "(frame,id,left,top,width,height,…); it is skipped"));
          continue;
        }
      for (i = 0; i < n; i++)
        if (!parse_double (fields[i], &v[i]))
          break;
      if (i < n)
        {
          pv_result_add_warning (self, &where,
                                 _("column %u (“%s”) is not a number; the row is skipped"),
                                 i + 1, g_strstrip (fields[i]));
          continue;
        }
      if (v[0] < 1 || v[0] != floor (v[0]) || v[0] > 1e12)
        {
          pv_result_add_warning (self, &where,
                                 _("frame %g is not a frame number (they start at 1); "
                                   "the row is skipped"), v[0]);
          continue;
        }
      if (v[1] != floor (v[1]) || fabs (v[1]) > 1e15)
        {
          pv_result_add_warning (self, &where, _("id %g is not an integer; the row is skipped"),
                                 v[1]);
          continue;
        }

      if (n == 9 && v[6] == 0)
        {
          n_ignored++;
          continue;
        }

      {
        double ts = (v[0] - 1) * 1000.0 / options->frame_rate;

        if (ts > (double) PV_RESULT_MAX_TIMESTAMP_MS)
          {
            pv_result_add_warning (self, &where, _("frame %g is too far in at this frame rate; "
                                                   "the row is skipped"), v[0]);
            continue;
          }
        detection.timestamp_ms = (gint64) llround (ts);
      }
      detection.index = (gint64) v[1];
      where.has_index = where.has_timestamp = TRUE;
      where.index = detection.index;
      where.timestamp_ms = detection.timestamp_ms;

      detection.box.left = v[2] / options->frame_width;
      detection.box.top = v[3] / options->frame_height;
      detection.box.width = v[4] / options->frame_width;
      detection.box.height = v[5] / options->frame_height;
      detection.flags = PV_DETECTION_HAS_BOX;
      if (v[4] < 0 || v[5] < 0)
        pv_result_add_warning (self, &where, _("negative width or height (%g × %g pixels)"),
                               v[4], v[5]);

      if (n != 9 && n >= 7 && v[6] != -1)
        {
          detection.confidence = (float) v[6];
          detection.flags |= PV_DETECTION_HAS_CONFIDENCE;
          if (v[6] < 0 || v[6] > 1)
            all_fractions = FALSE;
        }

      /* id -1 marks a detection that belongs to no track (a detector's output). Sharing one
       * Index would make them duplicates of each other in every frame, and all but one would be
       * dropped; each gets an Index of its own below zero instead. */
      if (detection.index == -1)
        {
          n_no_id++;
          detection.index = -(gint64) n_no_id;
        }

      pv_result_add_detection (self, &detection);
    }
  g_string_free (line, TRUE);

  if (pv_result_get_n_detections (self) == first)
    {
      g_set_error (error, PV_RESULT_ERROR, PV_RESULT_ERROR_NO_DETECTIONS,
                   _("%s: not one of its %u lines is a usable MOT row"), name, line_number);
      return FALSE;
    }

  /* Detectors write scores in 0..1, the timeline thresholds in percent like Rekognition. A file
   * with any score outside 0..1 uses its own scale, which is kept. */
  if (all_fractions)
    {
      guint n_detections;
      PvDetection *d = pv_result_peek_detections (self, &n_detections);

      for (guint k = first; k < n_detections; k++)
        if (d[k].flags & PV_DETECTION_HAS_CONFIDENCE)
          d[k].confidence *= 100.0f;
    }

  if (n_ignored > 0)
    pv_result_add_warning (self, &(PvElementLocation) { .name = name, .whole = TRUE },
                           g_dngettext (GETTEXT_PACKAGE,
                                        "%u ground-truth row has flag 0 (“do not consider”) "
                                        "and is left out",
                                        "%u ground-truth rows have flag 0 (“do not consider”) "
                                        "and are left out", n_ignored), n_ignored);
  if (n_no_id > 0)
    pv_result_add_warning (self, &(PvElementLocation) { .name = name, .whole = TRUE },
                           g_dngettext (GETTEXT_PACKAGE,
                                        "%u row has id -1 (a detection without a track); "
                                        "it is shown as person -1",
                                        "%u rows have id -1 (detections without a track); "
                                        "each is shown as a person of its own, Index -1 to -%u",
                                        n_no_id), n_no_id, n_no_id);
  return TRUE;
}
