/* pv-page-reader.c
 *
 * Copyright 2026 The Pathview authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "pv-page-reader"

#include "config.h"

#include <math.h>
#include <string.h>

#include "pv-page-reader.h"
#include "pv-result-private.h"

/* A fast path for the one shape the service sends, a page of 1000 PersonDetections: json-glib
 * builds a hash table per JSON object, about five per detection, and that is most of the time
 * of fetching a job. This reader walks the bytes once and fills PvDetections directly.
 *
 * It is deliberately narrow. It accepts a page only when PvResult's own reader would take every
 * element as it is, without a single warning: known keys, no duplicates, whole non-negative
 * Timestamp and Index, finite numbers, complete boxes with non-negative size, known landmark
 * types. Anything else (an unknown key, a null, an escape it does not handle, a number it
 * cannot read the way json-glib does) makes it give up, and the client takes the page through
 * json-glib and pv_result_add_page (), which reports what was wrong. So both paths give the
 * same detections, and only one of them explains problems. tests/test-client.c checks that they
 * agree. */

#define MAX_DEPTH 32

typedef struct
{
  const char *p;
  const char *end;
} Reader;

static const char * const known_landmarks[] = {
  "eyeLeft", "eyeRight", "nose", "mouthLeft", "mouthRight", "leftEyeBrowLeft",
  "leftEyeBrowRight", "leftEyeBrowUp", "rightEyeBrowLeft", "rightEyeBrowRight",
  "rightEyeBrowUp", "leftEyeLeft", "leftEyeRight", "leftEyeUp", "leftEyeDown", "rightEyeLeft",
  "rightEyeRight", "rightEyeUp", "rightEyeDown", "noseLeft", "noseRight", "mouthUp", "mouthDown",
  "leftPupil", "rightPupil", "upperJawlineLeft", "midJawlineLeft", "chinBottom",
  "midJawlineRight", "upperJawlineRight",
};

static inline void
skip_ws (Reader *r)
{
  while (r->p < r->end && (*r->p == ' ' || *r->p == '\n' || *r->p == '\r' || *r->p == '\t'))
    r->p++;
}

static inline gboolean
expect (Reader *r,
        char    c)
{
  skip_ws (r);
  if (r->p < r->end && *r->p == c)
    {
      r->p++;
      return TRUE;
    }
  return FALSE;
}

/* A string without escapes, as a span of the input (keys and landmark types are plain). */
static gboolean
read_plain_string (Reader      *r,
                   const char **start,
                   gsize       *len)
{
  const char *s;

  if (!expect (r, '"'))
    return FALSE;
  s = r->p;
  while (r->p < r->end && *r->p != '"')
    {
      if (*r->p == '\\' || (guchar) *r->p < 0x20)
        return FALSE;
      r->p++;
    }
  if (r->p >= r->end)
    return FALSE;
  *start = s;
  *len = r->p - s;
  r->p++;
  return TRUE;
}

/* A string value that may carry the simple escapes (a NextToken may have "\/"). */
static char *
read_string (Reader *r)
{
  GString *out;

  if (!expect (r, '"'))
    return NULL;
  out = g_string_new (NULL);
  while (r->p < r->end && *r->p != '"')
    {
      char c = *r->p++;

      /* A raw control character (a NUL too) is not JSON: json-glib refuses the page, so must
       * this. Stopping here and then seeing the closing quote would accept "FAIL\0". */
      if ((guchar) c < 0x20)
        {
          g_string_free (out, TRUE);
          return NULL;
        }
      if (c == '\\')
        {
          if (r->p >= r->end)
            break;
          c = *r->p++;
          switch (c)
            {
            case '"': case '\\': case '/': break;
            case 'b': c = '\b'; break;
            case 'f': c = '\f'; break;
            case 'n': c = '\n'; break;
            case 'r': c = '\r'; break;
            case 't': c = '\t'; break;
            default:  /* \u and anything odd: let json-glib decide */
              g_string_free (out, TRUE);
              return NULL;
            }
        }
      g_string_append_c (out, c);
    }
  if (r->p >= r->end || *r->p != '"' || !g_utf8_validate (out->str, out->len, NULL))
    {
      g_string_free (out, TRUE);
      return NULL;
    }
  r->p++;
  return g_string_free (out, FALSE);
}

static inline gboolean
key_is (const char *key,
        gsize       len,
        const char *name)
{
  return strlen (name) == len && memcmp (key, name, len) == 0;
}

/* A JSON number, with json-glib's split: no fraction and no exponent is an integer. */
static gboolean
read_number (Reader   *r,
             double   *value,
             gint64   *int_value,
             gboolean *is_int)
{
  const char *s;
  char buffer[64];
  gboolean integer = TRUE;
  gsize len;

  skip_ws (r);
  s = r->p;
  if (r->p < r->end && *r->p == '-')
    r->p++;
  if (r->p >= r->end || !g_ascii_isdigit (*r->p))
    return FALSE;
  if (*r->p == '0')
    r->p++;
  else
    while (r->p < r->end && g_ascii_isdigit (*r->p))
      r->p++;
  if (r->p < r->end && *r->p == '.')
    {
      integer = FALSE;
      r->p++;
      if (r->p >= r->end || !g_ascii_isdigit (*r->p))
        return FALSE;
      while (r->p < r->end && g_ascii_isdigit (*r->p))
        r->p++;
    }
  if (r->p < r->end && (*r->p == 'e' || *r->p == 'E'))
    {
      integer = FALSE;
      r->p++;
      if (r->p < r->end && (*r->p == '+' || *r->p == '-'))
        r->p++;
      if (r->p >= r->end || !g_ascii_isdigit (*r->p))
        return FALSE;
      while (r->p < r->end && g_ascii_isdigit (*r->p))
        r->p++;
    }

  len = r->p - s;
  /* 18 digits always fit in a gint64; longer integers are json-glib's business. */
  if (len >= sizeof buffer || (integer && len > 18))
    return FALSE;
  memcpy (buffer, s, len);
  buffer[len] = '\0';

  if (integer)
    {
      *int_value = g_ascii_strtoll (buffer, NULL, 10);
      *value = (double) *int_value;
    }
  else
    *value = g_ascii_strtod (buffer, NULL);
  *is_int = integer;
  return isfinite (*value);
}

static gboolean
read_double (Reader *r,
             double *value)
{
  gint64 i;
  gboolean is_int;

  return read_number (r, value, &i, &is_int);
}

static gboolean
read_whole (Reader *r,
            gint64 *value)
{
  double d;
  gboolean is_int;

  return read_number (r, &d, value, &is_int) && is_int && *value >= 0;
}

/* Walks "{ "key": value, ... }", calling member() with the reader on each value. Duplicate keys
 * are caught by the callers through their seen-bits. */
typedef gboolean (*MemberFunc) (Reader     *r,
                                const char *key,
                                gsize       key_len,
                                guint      *seen,
                                gpointer    data);

static gboolean
read_object (Reader     *r,
             MemberFunc  member,
             gpointer    data,
             guint      *seen_out)
{
  guint seen = 0;

  if (!expect (r, '{'))
    return FALSE;
  if (expect (r, '}'))
    {
      if (seen_out != NULL)
        *seen_out = 0;
      return TRUE;
    }
  do
    {
      const char *key;
      gsize key_len;

      if (!read_plain_string (r, &key, &key_len) || !expect (r, ':'))
        return FALSE;
      if (!member (r, key, key_len, &seen, data))
        return FALSE;
    }
  while (expect (r, ','));
  if (seen_out != NULL)
    *seen_out = seen;
  return expect (r, '}');
}

static inline gboolean
mark (guint *seen,
      guint  bit)
{
  if (*seen & bit)
    return FALSE;
  *seen |= bit;
  return TRUE;
}

static gboolean
box_member (Reader     *r,
            const char *key,
            gsize       len,
            guint      *seen,
            gpointer    data)
{
  PvBox *box = data;

  if (key_is (key, len, "Width"))
    return mark (seen, 1) && read_double (r, &box->width) && box->width >= 0;
  if (key_is (key, len, "Height"))
    return mark (seen, 2) && read_double (r, &box->height) && box->height >= 0;
  if (key_is (key, len, "Left"))
    return mark (seen, 4) && read_double (r, &box->left);
  if (key_is (key, len, "Top"))
    return mark (seen, 8) && read_double (r, &box->top);
  return FALSE;
}

static gboolean
read_box (Reader *r,
          PvBox  *box)
{
  PvBox b;
  guint seen = 0;

  /* All four, or PvResult would leave the box out with a warning. */
  if (!read_object (r, box_member, &b, &seen) || seen != 15)
    return FALSE;
  *box = b;
  return TRUE;
}

static gboolean
pose_member (Reader     *r,
             const char *key,
             gsize       len,
             guint      *seen,
             gpointer    data)
{
  PvFace *face = data;

  if (key_is (key, len, "Roll"))
    return mark (seen, 1) && read_double (r, &face->pose_roll);
  if (key_is (key, len, "Yaw"))
    return mark (seen, 2) && read_double (r, &face->pose_yaw);
  if (key_is (key, len, "Pitch"))
    return mark (seen, 4) && read_double (r, &face->pose_pitch);
  return FALSE;
}

static gboolean
quality_member (Reader     *r,
                const char *key,
                gsize       len,
                guint      *seen,
                gpointer    data)
{
  PvFace *face = data;

  if (key_is (key, len, "Brightness"))
    return mark (seen, 1) && read_double (r, &face->quality_brightness);
  if (key_is (key, len, "Sharpness"))
    return mark (seen, 2) && read_double (r, &face->quality_sharpness);
  return FALSE;
}

static gboolean
landmark_member (Reader     *r,
                 const char *key,
                 gsize       len,
                 guint      *seen,
                 gpointer    data)
{
  PvLandmark *lm = data;

  if (key_is (key, len, "Type"))
    {
      const char *type;
      gsize type_len;

      if (!mark (seen, 1) || !read_plain_string (r, &type, &type_len))
        return FALSE;
      for (guint i = 0; i < G_N_ELEMENTS (known_landmarks); i++)
        if (key_is (type, type_len, known_landmarks[i]))
          {
            lm->type = g_intern_static_string (known_landmarks[i]);
            return TRUE;
          }
      return FALSE;
    }
  if (key_is (key, len, "X"))
    return mark (seen, 2) && read_double (r, &lm->x);
  if (key_is (key, len, "Y"))
    return mark (seen, 4) && read_double (r, &lm->y);
  return FALSE;
}

static gboolean
read_landmarks (Reader *r,
                PvFace *face)
{
  PvLandmark landmarks[64];
  guint n = 0;

  if (!expect (r, '['))
    return FALSE;
  if (!expect (r, ']'))
    {
      do
        {
          PvLandmark lm = { NULL, 0, 0 };
          guint seen = 0;

          if (n == G_N_ELEMENTS (landmarks) || !read_object (r, landmark_member, &lm, &seen)
              || seen != 7)
            return FALSE;
          landmarks[n++] = lm;
        }
      while (expect (r, ','));
      if (!expect (r, ']'))
        return FALSE;
    }

  g_assert (face->landmarks == NULL);
  if (n > 0)
    {
      face->landmarks = g_memdup2 (landmarks, n * sizeof (PvLandmark));
      face->n_landmarks = n;
    }
  return TRUE;
}

static gboolean
face_member (Reader     *r,
             const char *key,
             gsize       len,
             guint      *seen,
             gpointer    data)
{
  PvFace *face = data;

  if (key_is (key, len, "BoundingBox"))
    return mark (seen, 1) && read_box (r, &face->box);
  if (key_is (key, len, "Confidence"))
    return mark (seen, 2) && read_double (r, &face->confidence);
  if (key_is (key, len, "Landmarks"))
    return mark (seen, 4) && read_landmarks (r, face);
  if (key_is (key, len, "Pose"))
    return mark (seen, 8) && read_object (r, pose_member, face, NULL);
  if (key_is (key, len, "Quality"))
    return mark (seen, 16) && read_object (r, quality_member, face, NULL);
  return FALSE;
}

static gboolean
person_member (Reader     *r,
               const char *key,
               gsize       len,
               guint      *seen,
               gpointer    data)
{
  PvDetection *d = data;

  if (key_is (key, len, "Index"))
    return mark (seen, 1) && read_whole (r, &d->index);
  if (key_is (key, len, "BoundingBox"))
    {
      if (!mark (seen, 2) || !read_box (r, &d->box))
        return FALSE;
      d->flags |= PV_DETECTION_HAS_BOX;
      return TRUE;
    }
  if (key_is (key, len, "Confidence"))
    {
      double value;

      if (!mark (seen, 4) || !read_double (r, &value))
        return FALSE;
      d->confidence = (float) value;
      d->flags |= PV_DETECTION_HAS_CONFIDENCE;
      return TRUE;
    }
  if (key_is (key, len, "Face"))
    {
      guint face_seen = 0;

      if (!mark (seen, 8))
        return FALSE;
      d->face = g_new0 (PvFace, 1);
      d->face->confidence = NAN;
      d->face->pose_roll = d->face->pose_yaw = d->face->pose_pitch = NAN;
      d->face->quality_brightness = d->face->quality_sharpness = NAN;
      /* A face without its box is left out by PvResult, with a warning. */
      return read_object (r, face_member, d->face, &face_seen) && (face_seen & 1);
    }
  return FALSE;
}

static gboolean
detection_member (Reader     *r,
                  const char *key,
                  gsize       len,
                  guint      *seen,
                  gpointer    data)
{
  PvDetection *d = data;

  if (key_is (key, len, "Timestamp"))
    return mark (seen, 1) && read_whole (r, &d->timestamp_ms);
  if (key_is (key, len, "Person"))
    {
      guint person_seen = 0;

      /* Index and a person box are what a clean detection has; without them PvResult warns. */
      return mark (seen, 2) && read_object (r, person_member, d, &person_seen)
             && (person_seen & 3) == 3;
    }
  return FALSE;
}

static void
clear_detection (PvDetection *detection)
{
  g_clear_pointer (&detection->face, pv_face_free);
}

static gboolean
read_persons (Reader *r,
              GArray *detections)
{
  if (!expect (r, '['))
    return FALSE;
  if (expect (r, ']'))
    return TRUE;
  do
    {
      PvDetection detection = { 0 };
      guint seen = 0;

      if (!read_object (r, detection_member, &detection, &seen) || seen != 3)
        {
          clear_detection (&detection);
          return FALSE;
        }
      g_array_append_val (detections, detection);
    }
  while (expect (r, ','));
  return expect (r, ']');
}

/* Steps over one value to find where it ends; json-glib checks it afterwards. */
static gboolean
skip_value (Reader *r)
{
  guint depth = 0;

  skip_ws (r);
  do
    {
      if (r->p >= r->end)
        return FALSE;
      switch (*r->p)
        {
        case '{': case '[':
          if (++depth > MAX_DEPTH)
            return FALSE;
          r->p++;
          break;
        case '}': case ']':
          if (depth == 0)
            return FALSE;
          depth--;
          r->p++;
          break;
        case '"':
          r->p++;
          while (r->p < r->end && *r->p != '"')
            r->p += (*r->p == '\\') ? 2 : 1;
          if (r->p >= r->end)
            return FALSE;
          r->p++;
          break;
        default:
          r->p++;
          break;
        }
      skip_ws (r);
    }
  while (depth > 0);
  return TRUE;
}

static gboolean
top_member (Reader     *r,
            const char *key,
            gsize       len,
            guint      *seen,
            gpointer    data)
{
  PvPage *page = data;

  if (key_is (key, len, "JobStatus"))
    return mark (seen, 1) && (page->job_status = read_string (r)) != NULL;
  if (key_is (key, len, "StatusMessage"))
    return mark (seen, 2) && (page->status_message = read_string (r)) != NULL;
  if (key_is (key, len, "NextToken"))
    return mark (seen, 4) && (page->next_token = read_string (r)) != NULL;
  if (key_is (key, len, "VideoMetadata"))
    {
      const char *start;

      if (!mark (seen, 8))
        return FALSE;
      skip_ws (r);
      start = r->p;
      if (r->p >= r->end || *r->p != '{' || !skip_value (r))
        return FALSE;
      page->video_metadata = start;
      page->video_metadata_len = r->p - start;
      return TRUE;
    }
  if (key_is (key, len, "Persons"))
    return mark (seen, 16) && read_persons (r, page->detections);
  /* Newer API versions echo the job on every page; nothing of the result depends on them, and
   * without them here every such page would take the slow path. */
  if (key_is (key, len, "JobId") || key_is (key, len, "JobTag"))
    {
      g_autofree char *value = read_string (r);

      return value != NULL;
    }
  if (key_is (key, len, "Video"))
    {
      skip_ws (r);
      return r->p < r->end && *r->p == '{' && skip_value (r);
    }
  return FALSE;
}

/**
 * pv_page_reader_read:
 * @data: one GetPersonTracking response body
 * @len: its length
 * @page: (out caller-allocates): filled on success; cleared on failure
 *
 * Returns: %TRUE when the page has the plain shape and was read completely; %FALSE when it must
 *   go through json-glib (which does not mean it is invalid).
 */
gboolean
pv_page_reader_read (const char *data,
                     gsize       len,
                     PvPage     *page)
{
  Reader r = { data, data + len };

  g_return_val_if_fail (data != NULL || len == 0, FALSE);
  g_return_val_if_fail (page != NULL, FALSE);

  memset (page, 0, sizeof *page);
  page->detections = g_array_new (FALSE, FALSE, sizeof (PvDetection));

  if (read_object (&r, top_member, page, NULL))
    {
      skip_ws (&r);
      if (r.p == r.end)
        return TRUE;
    }

  pv_page_clear (page);
  return FALSE;
}

void
pv_page_clear (PvPage *page)
{
  g_return_if_fail (page != NULL);

  if (page->detections != NULL)
    {
      for (guint i = 0; i < page->detections->len; i++)
        clear_detection (&g_array_index (page->detections, PvDetection, i));
      g_clear_pointer (&page->detections, g_array_unref);
    }
  g_clear_pointer (&page->job_status, g_free);
  g_clear_pointer (&page->status_message, g_free);
  g_clear_pointer (&page->next_token, g_free);
  page->video_metadata = NULL;
  page->video_metadata_len = 0;
}
