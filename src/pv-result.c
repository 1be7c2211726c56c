/* pv-result.c
 *
 * Copyright 2026 The Pathview authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "pv-result"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "pv-page-reader.h"
#include "pv-result-private.h"

/* PvResult holds detections exactly as read, one PvDetection (64 bytes) each, plus what the
 * service said about the job and the video. Readers never keep the parsed JSON tree: each element
 * is turned into a PvDetection and the tree is dropped, so the raw input is freed once read.
 *
 * Errors (PV_RESULT_ERROR, nothing is returned) are for input that cannot be a result at all:
 * - no bytes, or only white space (EMPTY); neither JSON nor MOT text (UNKNOWN_FORMAT);
 * - invalid JSON, with the file's line and column (INVALID_JSON);
 * - JSON of the wrong shape: a top level that is not an object or array, an object without
 *   Persons/JobStatus/VideoMetadata, Persons that is there but not an array (null too: no
 *   people and lost people must not look alike), an array of something else (WRONG_SHAPE,
 *   naming the page or position);
 * - over PV_RESULT_MAX_SIZE (512 MiB) or nested deeper than PV_RESULT_MAX_DEPTH (TOO_LARGE);
 * - MOT text without frame rate and size (NEEDS_VIDEO), or with no usable row (NO_DETECTIONS).
 *
 * Warnings (the element is named: file, page, array position or line, Index, Timestamp) are for
 * single elements; the rest of the input is read:
 * - an element without a usable Timestamp, Person or Index cannot be placed: it is skipped
 *   (a non-integer Index, an Index given as a string, a Timestamp given as a string...);
 * - a Timestamp with a fraction is rounded; a negative Timestamp or Index is kept;
 * - a box with a missing or non-finite value, or given as a string, cannot be drawn: the box is
 *   left out (the person still counts); negative width or height is kept raw; values past 0..1
 *   are kept silently (real data has 1.0000000298 and -0.095): only the renderer clips;
 * - a page's JobStatus, StatusMessage or NextToken that is not a string, or VideoMetadata that
 *   is not an object (null included), is left out;
 * - a Face without a usable BoundingBox is left out; a Face without a person box is kept;
 *   unknown landmark types are kept;
 * - duplicate (Index, Timestamp) pairs: the first one read is kept, the others left out
 *   (pv_result_normalize ()).
 * Unknown keys anywhere are ignored: real saved files carry Labels, fileName and more.
 */

struct _PvResult
{
  GObject          parent_instance;

  /* Owned */
  PvDetection     *detections;      /* 64-byte aligned: one detection, one cache line */
  guint            n_detections;
  guint            capacity;
  GPtrArray       *warnings;        /* of PvResultWarning */
  char            *name;
  char            *job_status;
  char            *status_message;
  char            *next_token;
  JsonObject      *video_metadata_json;
  PvVideoMetadata  video_metadata;

  guint            n_pages;
  guint            n_warnings_dropped;
  PvResultFormat   format;
  gboolean         normalized;
  gboolean         frozen;      /* a timeline indexes the detections in place */
};

G_DEFINE_FINAL_TYPE (PvResult, pv_result, G_TYPE_OBJECT)

G_DEFINE_QUARK (pv-result-error-quark, pv_result_error)

/* Key names of the two JSON dialects: the API's UpperCamel and the guidance app's lowerCamel. */
typedef struct
{
  const char *timestamp, *person, *index, *bounding_box, *width, *height, *left, *top, *face,
             *confidence, *landmarks, *type, *x, *y, *pose, *roll, *yaw, *pitch, *quality,
             *brightness, *sharpness;
} PvKeys;

static const PvKeys aws_keys = {
  "Timestamp", "Person", "Index", "BoundingBox", "Width", "Height", "Left", "Top", "Face",
  "Confidence", "Landmarks", "Type", "X", "Y", "Pose", "Roll", "Yaw", "Pitch", "Quality",
  "Brightness", "Sharpness",
};

static const PvKeys camel_keys = {
  "timestamp", "person", "index", "boundingBox", "width", "height", "left", "top", "face",
  "confidence", "landmarks", "type", "x", "y", "pose", "roll", "yaw", "pitch", "quality",
  "brightness", "sharpness",
};

/* Rekognition's LandmarkType enum (service model 2016-06-27). Others are kept, with a warning. */
static const char * const known_landmarks[] = {
  "eyeLeft", "eyeRight", "nose", "mouthLeft", "mouthRight", "leftEyeBrowLeft",
  "leftEyeBrowRight", "leftEyeBrowUp", "rightEyeBrowLeft", "rightEyeBrowRight",
  "rightEyeBrowUp", "leftEyeLeft", "leftEyeRight", "leftEyeUp", "leftEyeDown", "rightEyeLeft",
  "rightEyeRight", "rightEyeUp", "rightEyeDown", "noseLeft", "noseRight", "mouthUp", "mouthDown",
  "leftPupil", "rightPupil", "upperJawlineLeft", "midJawlineLeft", "chinBottom",
  "midJawlineRight", "upperJawlineRight",
};

void
pv_face_free (PvFace *face)
{
  if (face == NULL)
    return;
  g_free (face->landmarks);
  g_free (face);
}

static void
pv_result_warning_free (PvResultWarning *warning)
{
  g_free (warning->location);
  g_free (warning->message);
  g_free (warning);
}

static void
pv_video_metadata_clear (PvVideoMetadata *metadata)
{
  g_clear_pointer (&metadata->codec, g_free);
  g_clear_pointer (&metadata->format, g_free);
  g_clear_pointer (&metadata->file_extension, g_free);
  memset (metadata, 0, sizeof *metadata);
}

static void
pv_result_finalize (GObject *object)
{
  PvResult *self = (PvResult *)object;

  for (guint i = 0; i < self->n_detections; i++)
    pv_face_free (self->detections[i].face);
  g_clear_pointer (&self->detections, g_aligned_free);
  g_clear_pointer (&self->warnings, g_ptr_array_unref);
  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->job_status, g_free);
  g_clear_pointer (&self->status_message, g_free);
  g_clear_pointer (&self->next_token, g_free);
  g_clear_pointer (&self->video_metadata_json, json_object_unref);
  pv_video_metadata_clear (&self->video_metadata);

  G_OBJECT_CLASS (pv_result_parent_class)->finalize (object);
}

static void
pv_result_class_init (PvResultClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = pv_result_finalize;
}

static void
pv_result_init (PvResult *self)
{
  self->warnings = g_ptr_array_new_with_free_func ((GDestroyNotify) pv_result_warning_free);
  self->normalized = TRUE;
}

/**
 * pv_result_new:
 *
 * Returns: (transfer full): an empty result, to be filled with pv_result_add_page ()
 */
PvResult *
pv_result_new (void)
{
  return g_object_new (PV_TYPE_RESULT, NULL);
}

/* Warnings */

static char *
format_location (const PvElementLocation *where)
{
  GString *s = g_string_new (NULL);

  if (where == NULL)
    return g_string_free (s, FALSE);

  if (where->name != NULL)
    g_string_append (s, where->name);
  if (where->page > 0)
    {
      if (s->len > 0)
        g_string_append (s, ": ");
      g_string_append_printf (s, _("page %u"), where->page);
    }
  if (where->whole)
    return g_string_free (s, FALSE);
  if (s->len > 0)
    g_string_append (s, where->no_position ? ":" : ": ");
  if (where->no_position)
    ;
  else if (where->is_line)
    g_string_append_printf (s, _("line %u"), where->position);
  else if (where->array != NULL)
    g_string_append_printf (s, "%s[%u]", where->array, where->position);
  else
    g_string_append_printf (s, "[%u]", where->position);
  if (where->has_index && where->has_timestamp)
    g_string_append_printf (s, " (Index %" G_GINT64_FORMAT ", Timestamp %" G_GINT64_FORMAT ")",
                            where->index, where->timestamp_ms);
  else if (where->has_index)
    g_string_append_printf (s, " (Index %" G_GINT64_FORMAT ")", where->index);
  else if (where->has_timestamp)
    g_string_append_printf (s, " (Timestamp %" G_GINT64_FORMAT ")", where->timestamp_ms);

  return g_string_free (s, FALSE);
}

static void
add_warning_string (PvResult   *self,
                    char       *location,
                    char       *message)
{
  PvResultWarning *warning;

  /* A broken generator can repeat one fault a million times; keep the list readable and the
   * memory bounded, but say how many were left out, so nothing disappears silently. */
  if (self->warnings->len >= PV_RESULT_MAX_WARNINGS)
    {
      PvResultWarning *last = g_ptr_array_index (self->warnings, self->warnings->len - 1);

      self->n_warnings_dropped++;
      g_free (last->message);
      last->message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                    "%u more warning is not listed",
                                                    "%u more warnings are not listed",
                                                    self->n_warnings_dropped + 1),
                                       self->n_warnings_dropped + 1);
      g_free (last->location);
      last->location = g_strdup (self->name != NULL ? self->name : "");
      g_free (location);
      g_free (message);
      return;
    }

  warning = g_new0 (PvResultWarning, 1);
  warning->location = location;
  warning->message = message;
  g_ptr_array_add (self->warnings, warning);
}

void
pv_result_add_warning (PvResult                *self,
                       const PvElementLocation *where,
                       const char              *format,
                       ...)
{
  va_list args;
  char *message;

  g_assert (PV_IS_RESULT (self));

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  add_warning_string (self, format_location (where), message);
}

/* Internal API for the readers and the timeline */

void
pv_result_add_detection (PvResult          *self,
                         const PvDetection *detection)
{
  g_assert (PV_IS_RESULT (self));

  if (self->n_detections > 0)
    {
      const PvDetection *last = &self->detections[self->n_detections - 1];
      if (last->index > detection->index
          || (last->index == detection->index && last->timestamp_ms >= detection->timestamp_ms))
        self->normalized = FALSE;
    }
  if (self->n_detections == self->capacity)
    {
      guint capacity = MAX (64, self->capacity * 2);
      PvDetection *grown;

      if (self->capacity >= G_MAXUINT / 2)
        g_error ("more than %u detections", self->capacity);
      grown = g_aligned_alloc (capacity, sizeof (PvDetection), 64);
      if (self->n_detections > 0)
        memcpy (grown, self->detections, self->n_detections * sizeof (PvDetection));
      g_aligned_free (self->detections);
      self->detections = grown;
      self->capacity = capacity;
    }
  self->detections[self->n_detections++] = *detection;
}

void
pv_result_set_format (PvResult       *self,
                      PvResultFormat  format)
{
  g_assert (PV_IS_RESULT (self));
  self->format = format;
}

/**
 * pv_result_set_name:
 * @name: (nullable): how warnings name the input, such as a file name or a JobId
 */
void
pv_result_set_name (PvResult   *self,
                    const char *name)
{
  g_return_if_fail (PV_IS_RESULT (self));
  g_free (self->name);
  self->name = g_strdup (name);
}

/* For inputs without VideoMetadata of their own (MOT text): what the reader was told. */
void
pv_result_set_video_geometry (PvResult *self,
                              double    frame_rate,
                              guint     width,
                              guint     height)
{
  PvVideoMetadata *m;

  g_assert (PV_IS_RESULT (self));

  m = &self->video_metadata;
  m->present = TRUE;
  m->frame_rate = frame_rate;
  m->has_frame_rate = frame_rate > 0;
  m->width = width;
  m->height = height;
  m->has_size = width > 0 && height > 0;
}

PvDetection *
pv_result_peek_detections (PvResult *self,
                           guint    *n_detections)
{
  g_assert (PV_IS_RESULT (self));
  if (n_detections != NULL)
    *n_detections = self->n_detections;
  return self->detections;
}

static guint
bit_length (guint64 value)
{
  return value == 0 ? 0 : 64 - (guint) __builtin_clzll (value);
}

typedef struct
{
  guint64 key;
  guint32 pos;
} PackedItem;

#define RADIX_BITS 11
#define RADIX_SIZE (1u << RADIX_BITS)

/* LSD radix sort of packed keys, RADIX_BITS per pass, only over the bits that vary. */
static void
sort_packed (PackedItem *items,
             gsize       n_items,
             guint       n_bits)
{
  g_autofree PackedItem *tmp = g_new (PackedItem, n_items);
  g_autofree gsize *count = g_new (gsize, RADIX_SIZE);
  PackedItem *src = items;
  PackedItem *dst = tmp;

  for (guint shift = 0; shift < n_bits; shift += RADIX_BITS)
    {
      gsize offset = 0;

      memset (count, 0, RADIX_SIZE * sizeof (gsize));
      for (gsize i = 0; i < n_items; i++)
        count[(src[i].key >> shift) & (RADIX_SIZE - 1)]++;
      for (guint b = 0; b < RADIX_SIZE; b++)
        {
          gsize c = count[b];
          count[b] = offset;
          offset += c;
        }
      for (gsize i = 0; i < n_items; i++)
        dst[count[(src[i].key >> shift) & (RADIX_SIZE - 1)]++] = src[i];

      {
        PackedItem *swap = src;
        src = dst;
        dst = swap;
      }
    }

  if (src != items)
    memcpy (items, src, n_items * sizeof (PackedItem));
}

/* One byte per pass, least significant first; passes over a byte that is the same in every key
 * are skipped. The general case, for keys too wide to pack into 64 bits. */
static void
sort_wide (PvSortItem *items,
           gsize       n_items,
           guint64     varying_hi,
           guint64     varying_lo)
{
  g_autofree PvSortItem *tmp = g_new (PvSortItem, n_items);
  PvSortItem *src = items;
  PvSortItem *dst = tmp;

  for (guint pass = 0; pass < 16; pass++)
    {
      gboolean use_hi = pass >= 8;
      guint shift = (pass % 8) * 8;
      guint64 varying = use_hi ? varying_hi : varying_lo;
      gsize count[256] = { 0 };
      gsize offset = 0;

      if (((varying >> shift) & 0xff) == 0)
        continue;

      for (gsize i = 0; i < n_items; i++)
        count[((use_hi ? src[i].hi : src[i].lo) >> shift) & 0xff]++;
      for (guint b = 0; b < 256; b++)
        {
          gsize c = count[b];
          count[b] = offset;
          offset += c;
        }
      for (gsize i = 0; i < n_items; i++)
        dst[count[((use_hi ? src[i].hi : src[i].lo) >> shift) & 0xff]++] = src[i];

      {
        PvSortItem *swap = src;
        src = dst;
        dst = swap;
      }
    }

  if (src != items)
    memcpy (items, src, n_items * sizeof (PvSortItem));
}

/* Stable: equal keys keep their order. Real keys (an Index range of thousands, a few hours of
 * milliseconds) fit together in one 64-bit word once their minimums are subtracted; the packed
 * sort then moves 16-byte items in three or four passes instead of 24-byte ones in five. */
void
pv_sort_items (PvSortItem *items,
               gsize       n_items)
{
  guint64 min_hi = G_MAXUINT64, max_hi = 0, min_lo = G_MAXUINT64, max_lo = 0;
  guint hi_bits, lo_bits;

  if (n_items < 2)
    return;

  for (gsize i = 0; i < n_items; i++)
    {
      min_hi = MIN (min_hi, items[i].hi);
      max_hi = MAX (max_hi, items[i].hi);
      min_lo = MIN (min_lo, items[i].lo);
      max_lo = MAX (max_lo, items[i].lo);
    }
  hi_bits = bit_length (max_hi - min_hi);
  lo_bits = bit_length (max_lo - min_lo);

  if (hi_bits + lo_bits <= 64)
    {
      g_autofree PackedItem *packed = g_new (PackedItem, n_items);
      g_autofree guint32 *positions = g_new (guint32, n_items);

      for (gsize i = 0; i < n_items; i++)
        {
          guint64 hi = items[i].hi - min_hi;

          packed[i].key = (hi_bits > 0 ? hi << lo_bits : 0) | (items[i].lo - min_lo);
          packed[i].pos = (guint32) i;
          positions[i] = items[i].pos;
        }
      sort_packed (packed, n_items, hi_bits + lo_bits);
      for (gsize i = 0; i < n_items; i++)
        items[i].pos = positions[packed[i].pos];
      return;
    }

  {
    guint64 or_hi = 0, and_hi = G_MAXUINT64, or_lo = 0, and_lo = G_MAXUINT64;

    for (gsize i = 0; i < n_items; i++)
      {
        or_hi |= items[i].hi;
        and_hi &= items[i].hi;
        or_lo |= items[i].lo;
        and_lo &= items[i].lo;
      }
    sort_wide (items, n_items, or_hi ^ and_hi, or_lo ^ and_lo);
  }
}

/*
 * pv_result_normalize:
 *
 * Orders the detections by Index, then Timestamp (each person's samples are then one run, in
 * time order, whatever order the pages came in: SortBy=INDEX orders them by confidence), and
 * removes duplicate (Index, Timestamp) pairs. Of duplicates, the one read first is kept and every
 * other one is dropped with a warning naming it.
 */
void
pv_result_normalize (PvResult *self)
{
  g_autofree PvSortItem *items = NULL;
  PvDetection *sorted;
  guint n, n_kept;

  g_assert (PV_IS_RESULT (self));

  if (self->normalized)
    return;

  n = self->n_detections;
  items = g_new (PvSortItem, n);
  for (guint i = 0; i < n; i++)
    {
      const PvDetection *d = &self->detections[i];

      items[i].hi = pv_sort_key_from_int64 (d->index);
      items[i].lo = pv_sort_key_from_int64 (d->timestamp_ms);
      items[i].pos = i;
    }
  pv_sort_items (items, n);

  sorted = g_aligned_alloc (MAX (n, 1), sizeof (PvDetection), 64);
  n_kept = 0;
  for (guint i = 0; i < n; i++)
    {
      const PvDetection *d = &self->detections[items[i].pos];

      if (n_kept > 0)
        {
          const PvDetection *prev = &sorted[n_kept - 1];

          if (prev->index == d->index && prev->timestamp_ms == d->timestamp_ms)
            {
              /* Pages and skipped elements are behind us: the pair is what names it. */
              PvElementLocation where = {
                .name = self->name, .no_position = TRUE, .has_index = TRUE, .index = d->index,
                .has_timestamp = TRUE, .timestamp_ms = d->timestamp_ms,
              };

              pv_result_add_warning (self, &where,
                                     _("the same Index and Timestamp as an earlier element; "
                                       "the earlier one is kept, this one is left out"));
              pv_face_free (d->face);
              continue;
            }
        }
      sorted[n_kept++] = *d;
    }

  g_aligned_free (self->detections);
  self->detections = sorted;
  self->n_detections = n_kept;
  self->capacity = MAX (n, 1);
  self->normalized = TRUE;
}

/* A timeline now points into the detection array: it must never move again. */
void
pv_result_freeze (PvResult *self)
{
  g_assert (PV_IS_RESULT (self));

  pv_result_normalize (self);
  self->frozen = TRUE;
}

/* JSON element reading */

typedef enum
{
  NUMBER_MISSING,
  NUMBER_OK,
  NUMBER_WRONG_TYPE,
} NumberStatus;

static const char *
node_kind (JsonNode *node)
{
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return "null";
  if (JSON_NODE_HOLDS_OBJECT (node))
    return _("an object");
  if (JSON_NODE_HOLDS_ARRAY (node))
    return _("an array");
  switch (json_node_get_value_type (node))
    {
    case G_TYPE_STRING:
      return _("a string");
    case G_TYPE_BOOLEAN:
      return _("a boolean");
    default:
      return _("a number");
    }
}

static NumberStatus
get_number (JsonObject *object,
            const char *key,
            double     *value,
            gint64     *int_value,
            gboolean   *is_int)
{
  JsonNode *node = json_object_get_member (object, key);
  GType type;

  if (node == NULL)
    return NUMBER_MISSING;
  if (!JSON_NODE_HOLDS_VALUE (node))
    return NUMBER_WRONG_TYPE;

  type = json_node_get_value_type (node);
  if (type == G_TYPE_INT64)
    {
      gint64 v = json_node_get_int (node);
      if (int_value != NULL)
        *int_value = v;
      if (is_int != NULL)
        *is_int = TRUE;
      *value = (double) v;
      return NUMBER_OK;
    }
  if (type == G_TYPE_DOUBLE)
    {
      *value = json_node_get_double (node);
      if (is_int != NULL)
        *is_int = FALSE;
      return NUMBER_OK;
    }
  return NUMBER_WRONG_TYPE;
}

/* Reads an optional number: NAN when missing; a warning when it is there but unusable. */
static double
get_optional_number (PvResult                *self,
                     const PvElementLocation *where,
                     JsonObject              *object,
                     const char              *parent,
                     const char              *key)
{
  double value = NAN;

  switch (get_number (object, key, &value, NULL, NULL))
    {
    case NUMBER_MISSING:
      return NAN;
    case NUMBER_WRONG_TYPE:
      pv_result_add_warning (self, where, _("%s.%s is %s, not a number; it is left out"),
                             parent, key, node_kind (json_object_get_member (object, key)));
      return NAN;
    case NUMBER_OK:
    default:
      if (!isfinite (value))
        {
          pv_result_add_warning (self, where, _("%s.%s is not finite; it is left out"),
                                 parent, key);
          return NAN;
        }
      return value;
    }
}

static gboolean
read_box (PvResult                *self,
          const PvElementLocation *where,
          const PvKeys            *keys,
          JsonNode                *node,
          const char              *what,
          PvBox                   *box)
{
  JsonObject *object;
  const char *names[4] = { keys->left, keys->top, keys->width, keys->height };
  double *values[4] = { &box->left, &box->top, &box->width, &box->height };

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      pv_result_add_warning (self, where, _("%s is %s, not an object; it is left out"),
                             what, node_kind (node));
      return FALSE;
    }
  object = json_node_get_object (node);

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      NumberStatus status = get_number (object, names[i], values[i], NULL, NULL);

      if (status == NUMBER_MISSING)
        {
          pv_result_add_warning (self, where, _("%s has no %s; the box is left out"),
                                 what, names[i]);
          return FALSE;
        }
      if (status == NUMBER_WRONG_TYPE)
        {
          pv_result_add_warning (self, where, _("%s.%s is %s, not a number; the box is left out"),
                                 what, names[i], node_kind (json_object_get_member (object,
                                                                                    names[i])));
          return FALSE;
        }
      if (!isfinite (*values[i]))
        {
          pv_result_add_warning (self, where, _("%s.%s is not finite; the box is left out"),
                                 what, names[i]);
          return FALSE;
        }
    }

  /* Kept raw: a renderer can still draw something, and the user sees the warning. */
  if (box->width < 0 || box->height < 0)
    pv_result_add_warning (self, where, _("%s has a negative width or height (%g × %g)"),
                           what, box->width, box->height);
  return TRUE;
}

static const char *
landmark_type (PvResult                *self,
               const PvElementLocation *where,
               const char              *type)
{
  const char *interned = g_intern_string (type);

  for (guint i = 0; i < G_N_ELEMENTS (known_landmarks); i++)
    if (strcmp (known_landmarks[i], type) == 0)
      return interned;

  pv_result_add_warning (self, where, _("unknown landmark type “%s”; it is kept"), type);
  return interned;
}

static PvFace *
read_face (PvResult                *self,
           const PvElementLocation *where,
           const PvKeys            *keys,
           JsonNode                *node)
{
  g_autofree char *face_box_name = g_strdup_printf ("%s.%s", keys->face, keys->bounding_box);
  g_autoptr(GArray) landmarks = NULL;
  JsonObject *object;
  JsonNode *box_node;
  JsonNode *member;
  PvFace *face;
  PvBox box;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      pv_result_add_warning (self, where, _("%s is %s, not an object; it is left out"),
                             keys->face, node_kind (node));
      return NULL;
    }
  object = json_node_get_object (node);

  box_node = json_object_get_member (object, keys->bounding_box);
  if (box_node == NULL)
    {
      pv_result_add_warning (self, where, _("%s has no %s; the face is left out"),
                             keys->face, keys->bounding_box);
      return NULL;
    }
  if (!read_box (self, where, keys, box_node, face_box_name, &box))
    return NULL;

  face = g_new0 (PvFace, 1);
  face->box = box;
  face->confidence = get_optional_number (self, where, object, keys->face, keys->confidence);
  face->pose_roll = face->pose_yaw = face->pose_pitch = NAN;
  face->quality_brightness = face->quality_sharpness = NAN;

  member = json_object_get_member (object, keys->pose);
  if (member != NULL && JSON_NODE_HOLDS_OBJECT (member))
    {
      JsonObject *pose = json_node_get_object (member);

      face->pose_roll = get_optional_number (self, where, pose, keys->pose, keys->roll);
      face->pose_yaw = get_optional_number (self, where, pose, keys->pose, keys->yaw);
      face->pose_pitch = get_optional_number (self, where, pose, keys->pose, keys->pitch);
    }
  else if (member != NULL)
    pv_result_add_warning (self, where, _("%s is %s, not an object; it is left out"),
                           keys->pose, node_kind (member));

  member = json_object_get_member (object, keys->quality);
  if (member != NULL && JSON_NODE_HOLDS_OBJECT (member))
    {
      JsonObject *quality = json_node_get_object (member);

      face->quality_brightness = get_optional_number (self, where, quality, keys->quality,
                                                      keys->brightness);
      face->quality_sharpness = get_optional_number (self, where, quality, keys->quality,
                                                     keys->sharpness);
    }
  else if (member != NULL)
    pv_result_add_warning (self, where, _("%s is %s, not an object; it is left out"),
                           keys->quality, node_kind (member));

  member = json_object_get_member (object, keys->landmarks);
  if (member != NULL && !JSON_NODE_HOLDS_ARRAY (member))
    pv_result_add_warning (self, where, _("%s is %s, not an array; it is left out"),
                           keys->landmarks, node_kind (member));
  else if (member != NULL)
    {
      JsonArray *array = json_node_get_array (member);
      guint n = json_array_get_length (array);

      landmarks = g_array_sized_new (FALSE, FALSE, sizeof (PvLandmark), n);
      for (guint i = 0; i < n; i++)
        {
          JsonNode *element = json_array_get_element (array, i);
          JsonObject *lm;
          JsonNode *type_node;
          PvLandmark landmark;

          if (!JSON_NODE_HOLDS_OBJECT (element))
            {
              pv_result_add_warning (self, where, _("%s[%u] is %s, not an object; it is left out"),
                                     keys->landmarks, i, node_kind (element));
              continue;
            }
          lm = json_node_get_object (element);
          type_node = json_object_get_member (lm, keys->type);
          if (type_node == NULL || !JSON_NODE_HOLDS_VALUE (type_node)
              || json_node_get_value_type (type_node) != G_TYPE_STRING)
            {
              pv_result_add_warning (self, where, _("%s[%u] has no %s string; it is left out"),
                                     keys->landmarks, i, keys->type);
              continue;
            }
          if (get_number (lm, keys->x, &landmark.x, NULL, NULL) != NUMBER_OK
              || get_number (lm, keys->y, &landmark.y, NULL, NULL) != NUMBER_OK
              || !isfinite (landmark.x) || !isfinite (landmark.y))
            {
              pv_result_add_warning (self, where,
                                     _("%s[%u] has no finite %s and %s; it is left out"),
                                     keys->landmarks, i, keys->x, keys->y);
              continue;
            }
          landmark.type = landmark_type (self, where, json_node_get_string (type_node));
          g_array_append_val (landmarks, landmark);
        }
      if (landmarks->len > 0)
        {
          face->n_landmarks = landmarks->len;
          face->landmarks = (PvLandmark *)(gpointer) g_array_free (g_steal_pointer (&landmarks),
                                                                   FALSE);
        }
    }

  return face;
}

/* Reads one PersonDetection ({Timestamp, Person{Index, BoundingBox, Face}}) into a detection.
 * Returns FALSE when it cannot be placed at all (warned). */
static gboolean
read_person_detection (PvResult          *self,
                       PvElementLocation *where,
                       const PvKeys      *keys,
                       JsonNode          *node)
{
  PvDetection detection = { 0 };
  JsonObject *object;
  JsonObject *person;
  JsonNode *member;
  double value = 0;
  gint64 int_value = 0;
  gboolean is_int = FALSE;

  where->has_index = where->has_timestamp = FALSE;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      pv_result_add_warning (self, where, _("is %s, not an object; it is skipped"),
                             node_kind (node));
      return FALSE;
    }
  object = json_node_get_object (node);

  switch (get_number (object, keys->timestamp, &value, &int_value, &is_int))
    {
    case NUMBER_MISSING:
      pv_result_add_warning (self, where, _("has no %s; it is skipped"), keys->timestamp);
      return FALSE;
    case NUMBER_WRONG_TYPE:
      pv_result_add_warning (self, where, _("%s is %s, not a number; it is skipped"),
                             keys->timestamp,
                             node_kind (json_object_get_member (object, keys->timestamp)));
      return FALSE;
    case NUMBER_OK:
    default:
      break;
    }
  if (!is_int)
    {
      if (!isfinite (value) || fabs (value) > (double) PV_RESULT_MAX_TIMESTAMP_MS)
        {
          pv_result_add_warning (self, where, _("%s %g is out of range; it is skipped"),
                                 keys->timestamp, value);
          return FALSE;
        }
      int_value = (gint64) llround (value);
      if ((double) int_value != value)
        pv_result_add_warning (self, where,
                               _("%s %g is not a whole number of milliseconds; "
                                 "it is rounded to %lld"),
                               keys->timestamp, value, (long long) int_value);
    }
  else if (int_value > PV_RESULT_MAX_TIMESTAMP_MS || int_value < -PV_RESULT_MAX_TIMESTAMP_MS)
    {
      pv_result_add_warning (self, where, _("%s %lld is out of range; it is skipped"),
                             keys->timestamp, (long long) int_value);
      return FALSE;
    }
  detection.timestamp_ms = int_value;
  where->has_timestamp = TRUE;
  where->timestamp_ms = int_value;
  if (int_value < 0)
    pv_result_add_warning (self, where, _("%s is negative"), keys->timestamp);

  member = json_object_get_member (object, keys->person);
  if (member == NULL)
    {
      pv_result_add_warning (self, where, _("has no %s; it is skipped"), keys->person);
      return FALSE;
    }
  if (!JSON_NODE_HOLDS_OBJECT (member))
    {
      pv_result_add_warning (self, where, _("%s is %s, not an object; it is skipped"),
                             keys->person, node_kind (member));
      return FALSE;
    }
  person = json_node_get_object (member);

  is_int = FALSE;
  switch (get_number (person, keys->index, &value, &int_value, &is_int))
    {
    case NUMBER_MISSING:
      pv_result_add_warning (self, where, _("%s has no %s; it is skipped"),
                             keys->person, keys->index);
      return FALSE;
    case NUMBER_WRONG_TYPE:
      pv_result_add_warning (self, where, _("%s is %s, not an integer; it is skipped"),
                             keys->index, node_kind (json_object_get_member (person,
                                                                             keys->index)));
      return FALSE;
    case NUMBER_OK:
    default:
      break;
    }
  if (!is_int)
    {
      if (!isfinite (value) || (value == floor (value) && fabs (value) >= 9.2e18))
        {
          pv_result_add_warning (self, where, _("%s %g is out of range; it is skipped"),
                                 keys->index, value);
          return FALSE;
        }
      if (value != floor (value))
        {
          pv_result_add_warning (self, where, _("%s %g is not an integer; it is skipped"),
                                 keys->index, value);
          return FALSE;
        }
      int_value = (gint64) value;
    }
  detection.index = int_value;
  where->has_index = TRUE;
  where->index = int_value;
  /* No real Index is negative: the user should know (an overflow past 2^63 is out of range
   * above, see pv_result_load_json ()). */
  if (int_value < 0)
    pv_result_add_warning (self, where, _("%s is negative; it is kept"), keys->index);

  member = json_object_get_member (person, keys->bounding_box);
  if (member != NULL && read_box (self, where, keys, member, keys->bounding_box, &detection.box))
    detection.flags |= PV_DETECTION_HAS_BOX;

  /* Not in the API, but our own saved MOT results carry it, and trackers have one. */
  value = get_optional_number (self, where, person, keys->person, keys->confidence);
  if (!isnan (value))
    {
      detection.confidence = (float) value;
      detection.flags |= PV_DETECTION_HAS_CONFIDENCE;
    }

  member = json_object_get_member (person, keys->face);
  if (member != NULL)
    detection.face = read_face (self, where, keys, member);

  if (!(detection.flags & PV_DETECTION_HAS_BOX))
    {
      if (detection.face != NULL)
        pv_result_add_warning (self, where,
                               _("a Face without a person BoundingBox: the face is shown and "
                                 "the person counted"));
      else if (member == NULL)
        pv_result_add_warning (self, where,
                               _("neither a person BoundingBox nor a Face: the person is "
                                 "counted but nothing is drawn"));
    }

  pv_result_add_detection (self, &detection);
  return TRUE;
}

static char *
dup_string_member (JsonObject *object,
                   const char *key)
{
  JsonNode *node = json_object_get_member (object, key);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node)
      || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return g_strdup (json_node_get_string (node));
}

/* A string member of a response page (JobStatus, StatusMessage, NextToken): anything else,
 * null included, is named in a warning rather than taken for absent. */
static char *
dup_page_string (PvResult                *self,
                 const PvElementLocation *where,
                 JsonObject              *page,
                 const char              *key)
{
  JsonNode *node = json_object_get_member (page, key);

  if (node == NULL)
    return NULL;
  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    return g_strdup (json_node_get_string (node));
  pv_result_add_warning (self, where, _("%s is %s, not a string; it is left out"), key,
                         node_kind (node));
  return NULL;
}

static void
read_video_metadata (PvResult                *self,
                     const PvElementLocation *where,
                     JsonObject              *object)
{
  PvVideoMetadata *m = &self->video_metadata;
  double value;
  gint64 int_value;
  gboolean is_int;

  pv_video_metadata_clear (m);
  m->present = TRUE;
  m->codec = dup_string_member (object, "Codec");
  m->format = dup_string_member (object, "Format");
  m->file_extension = dup_string_member (object, "FileExtension");

  if (get_number (object, "DurationMillis", &value, &int_value, &is_int) == NUMBER_OK
      && isfinite (value) && value >= 0 && value <= (double) PV_RESULT_MAX_TIMESTAMP_MS)
    {
      m->duration_ms = is_int ? int_value : (gint64) llround (value);
      m->has_duration = TRUE;
    }
  else if (json_object_has_member (object, "DurationMillis"))
    pv_result_add_warning (self, where, _("VideoMetadata.DurationMillis is not a usable "
                                          "duration; it is ignored"));

  if (get_number (object, "FrameRate", &value, NULL, NULL) == NUMBER_OK
      && isfinite (value) && value > 0)
    {
      m->frame_rate = value;
      m->has_frame_rate = TRUE;
    }
  else if (json_object_has_member (object, "FrameRate"))
    pv_result_add_warning (self, where, _("VideoMetadata.FrameRate is not a usable frame rate; "
                                          "it is ignored"));

  {
    double w = 0, h = 0;
    gboolean has_w = get_number (object, "FrameWidth", &w, NULL, NULL) == NUMBER_OK;
    gboolean has_h = get_number (object, "FrameHeight", &h, NULL, NULL) == NUMBER_OK;

    if (has_w && has_h && w >= 1 && h >= 1 && w <= 65536 && h <= 65536)
      {
        m->width = (guint) w;
        m->height = (guint) h;
        m->has_size = TRUE;
      }
    else if (json_object_has_member (object, "FrameWidth")
             || json_object_has_member (object, "FrameHeight"))
      pv_result_add_warning (self, where, _("VideoMetadata.FrameWidth/FrameHeight are not a "
                                            "usable frame size; they are ignored"));
  }

  g_clear_pointer (&self->video_metadata_json, json_object_unref);
  self->video_metadata_json = json_object_ref (object);
}

static gboolean
read_persons_array (PvResult          *self,
                    PvElementLocation *where,
                    const PvKeys      *keys,
                    JsonArray         *array)
{
  guint n = json_array_get_length (array);

  for (guint i = 0; i < n; i++)
    {
      where->position = i;
      read_person_detection (self, where, keys, json_array_get_element (array, i));
    }
  return TRUE;
}

/**
 * pv_result_add_page:
 * @self: a result
 * @page: one GetPersonTracking response
 * @page_number: 1-based, to name the page in warnings; 0 for a single saved result
 * @error: set when the page has a shape that cannot be read at all
 *
 * Appends the page's Persons, and takes its JobStatus, StatusMessage, NextToken and
 * VideoMetadata (the latest page wins: the last page has no NextToken).
 *
 * Returns: %FALSE with @error set when the page is unreadable (Persons is not an array); the
 *   result is then unchanged.
 */
gboolean
pv_result_add_page (PvResult    *self,
                    JsonObject  *page,
                    guint        page_number,
                    GError     **error)
{
  PvElementLocation where = { 0 };
  PvElementLocation page_where = { 0 };
  JsonNode *persons;
  JsonNode *metadata;

  g_return_val_if_fail (PV_IS_RESULT (self), FALSE);
  g_return_val_if_fail (page != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);
  /* A timeline was built on this result: fetch into a new result instead. */
  g_return_val_if_fail (!self->frozen, FALSE);

  where.name = self->name;
  where.page = page_number;
  where.array = "Persons";
  page_where.name = self->name;
  page_where.page = page_number;
  page_where.whole = TRUE;

  /* Persons is the data: when it is there but not an array (null included), reading it as no
   * people would hide that the file lost them. */
  persons = json_object_get_member (page, "Persons");
  if (persons != NULL && !JSON_NODE_HOLDS_ARRAY (persons))
    {
      g_autofree char *location = format_location (&where);

      /* The location names the element; drop the "[0]" it ends with. */
      if (g_str_has_suffix (location, "[0]"))
        location[strlen (location) - 3] = '\0';
      g_set_error (error, PV_RESULT_ERROR, PV_RESULT_ERROR_WRONG_SHAPE,
                   _("%s is %s, not an array of person detections"),
                   location, node_kind (persons));
      return FALSE;
    }

  if (self->format == PV_RESULT_FORMAT_NONE && page_number > 0)
    self->format = PV_RESULT_FORMAT_REKOGNITION_PAGES;

  g_free (self->job_status);
  self->job_status = dup_page_string (self, &page_where, page, "JobStatus");
  g_free (self->status_message);
  self->status_message = dup_page_string (self, &page_where, page, "StatusMessage");
  g_free (self->next_token);
  self->next_token = dup_page_string (self, &page_where, page, "NextToken");

  metadata = json_object_get_member (page, "VideoMetadata");
  if (metadata != NULL && JSON_NODE_HOLDS_OBJECT (metadata))
    read_video_metadata (self, &page_where, json_node_get_object (metadata));
  else if (metadata != NULL)
    pv_result_add_warning (self, &page_where, _("%s is %s, not an object; it is left out"),
                           "VideoMetadata", node_kind (metadata));

  if (persons != NULL && JSON_NODE_HOLDS_ARRAY (persons))
    read_persons_array (self, &where, &aws_keys, json_node_get_array (persons));

  self->n_pages++;
  return TRUE;
}

/* Readers */

/* Whether the integer literal of @n_digits digits at @digits (no sign) is outside gint64. */
static gboolean
integer_out_of_range (const char *digits,
                      gsize       n_digits,
                      gboolean    negative)
{
  /* Leading zeros add nothing to the value. */
  while (n_digits > 1 && digits[0] == '0')
    {
      digits++;
      n_digits--;
    }
  if (n_digits != 19)
    return n_digits > 19;
  return memcmp (digits, negative ? "9223372036854775808" : "9223372036854775807", 19) > 0;
}

/**
 * pv_result_load_json:
 * @parser: the parser to load
 * @text: JSON text
 * @len: its length
 * @error: json-glib's error, when the text is not JSON
 *
 * json_parser_load_from_data () for result data. json-glib 1.6 reads an integer literal into a
 * 64-bit integer without checking the range: 2^63 becomes -2^63, and 99999999999999999999 or
 * 2^64 becomes -1, values that look valid and are garbage. Such literals are given to it as a
 * number of the same size in floating point instead (the last two digits become "e2", so the
 * length and every error position stay the same), and the readers refuse it as out of range
 * by name, as they do 1e30. Escapes in strings that JSON does not have, which json-glib would
 * take, are refused with their line and column, in json-glib's error format.
 *
 * json-glib also recurses once per nesting level: a hostile file or endpoint answer of a million
 * '[' would overflow the stack. Nesting deeper than %PV_RESULT_MAX_DEPTH is refused first, as
 * %PV_RESULT_ERROR_TOO_LARGE with its line and column (the caller adds the name).
 */
gboolean
pv_result_load_json (JsonParser  *parser,
                     const char  *text,
                     gsize        len,
                     GError     **error)
{
  g_autofree char *copy = NULL;
  gboolean in_string = FALSE;
  guint depth = 0;
  guint line = 1;
  gsize line_start = 0;

  for (gsize i = 0; i < len; i++)
    {
      char c = text[i];
      gsize digits, end;

      if (c == '\n')
        {
          line++;
          line_start = i + 1;
        }
      if (in_string)
        {
          /* json-glib also takes escapes JSON does not have: "\\333" becomes the byte 0xdb
           * (not UTF-8: a cache file that no longer opens), "\\0" ends the string there,
           * "\\q" is "q". Refused here as json-glib refuses other invalid JSON. */
          if (c == '\\' && i + 1 < len
              && (strchr ("\"\\/bfnrtu", text[i + 1]) == NULL || text[i + 1] == '\0'))
            {
              g_set_error (error, JSON_PARSER_ERROR, JSON_PARSER_ERROR_INVALID_DATA,
                           "<data>:%u:%u: Parse error: %s", line, (guint) (i - line_start + 1),
                           _("an escape that JSON does not have in a string"));
              return FALSE;
            }
          if (c == '\\')
            i++;
          else if (c == '"')
            in_string = FALSE;
          continue;
        }
      if (c == '"')
        in_string = TRUE;
      else if ((c == '[' || c == '{') && ++depth > PV_RESULT_MAX_DEPTH)
        {
          g_set_error (error, PV_RESULT_ERROR, PV_RESULT_ERROR_TOO_LARGE,
                       _("line %u, column %u: nested deeper than %u levels; no result file is "
                         "nested like this"), line, (guint) (i - line_start + 1),
                       PV_RESULT_MAX_DEPTH);
          return FALSE;
        }
      else if ((c == ']' || c == '}') && depth > 0)
        depth--;
      if (c != '-' && !g_ascii_isdigit (c))
        continue;

      /* A number: its integer part, then any fraction and exponent (a double to json-glib). */
      digits = end = c == '-' ? i + 1 : i;
      while (end < len && g_ascii_isdigit (text[end]))
        end++;
      if (end < len && (text[end] == '.' || text[end] == 'e' || text[end] == 'E'))
        {
          if (text[end] == '.')
            for (end++; end < len && g_ascii_isdigit (text[end]); end++)
              ;
          if (end < len && (text[end] == 'e' || text[end] == 'E'))
            {
              end++;
              if (end < len && (text[end] == '+' || text[end] == '-'))
                end++;
              while (end < len && g_ascii_isdigit (text[end]))
                end++;
            }
        }
      else if (integer_out_of_range (text + digits, end - digits, c == '-'))
        {
          if (copy == NULL)
            copy = g_memdup2 (text, len);
          copy[end - 2] = 'e';
          copy[end - 1] = '2';
        }
      i = end > i ? end - 1 : i;
    }

  return json_parser_load_from_data (parser, copy != NULL ? copy : text, (gssize) len, error);
}

/* json-glib says "<data>:118:9: Parse error: unexpected character..."; say it with the file name
 * and words. */
static void
set_json_error (GError    **error,
                const char *name,
                GError     *json_error)
{
  const char *message = json_error->message;
  guint line = 0, column = 0;
  int consumed = 0;

  if (g_str_has_prefix (message, "<data>:")
      && sscanf (message + strlen ("<data>:"), "%u:%u: %n", &line, &column, &consumed) == 2
      && consumed > 0)
    {
      const char *rest = message + strlen ("<data>:") + consumed;

      if (g_str_has_prefix (rest, "Parse error: "))
        rest += strlen ("Parse error: ");
      g_set_error (error, PV_RESULT_ERROR, PV_RESULT_ERROR_INVALID_JSON,
                   _("%s: line %u, column %u: not valid JSON: %s"), name, line, column, rest);
    }
  else
    g_set_error (error, PV_RESULT_ERROR, PV_RESULT_ERROR_INVALID_JSON,
                 _("%s: not valid JSON: %s"), name, message);
}

static gboolean
object_has_any (JsonObject         *object,
                const char * const *keys)
{
  for (guint i = 0; keys[i] != NULL; i++)
    if (json_object_has_member (object, keys[i]))
      return TRUE;
  return FALSE;
}

/* A saved result of a long job is hundreds of MiB; json-glib needs about ten times that and
 * some 20 s of CPU for a million detections. The client's page reader walks the bytes once and
 * accepts only inputs that the json-glib path would read without a single warning, so trying it
 * first changes nothing but the time. Anything else (unknown keys such as shellzu's Labels,
 * doubtful values, invalid JSON) returns FALSE and goes the json-glib way, which explains. */
static gboolean
read_plain_json (PvResult   *self,
                 const char *text,
                 gsize       len)
{
  PvPage page;

  if (!pv_page_reader_read (text, len, &page))
    return FALSE;

  if (page.video_metadata != NULL)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();

      if (!pv_result_load_json (parser, page.video_metadata, page.video_metadata_len, NULL)
          || !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
        {
          pv_page_clear (&page);
          return FALSE;
        }
      read_video_metadata (self, &(PvElementLocation) { .name = self->name, .whole = TRUE },
                           json_node_get_object (json_parser_get_root (parser)));
    }

  self->format = PV_RESULT_FORMAT_REKOGNITION;
  self->job_status = g_steal_pointer (&page.job_status);
  self->status_message = g_steal_pointer (&page.status_message);
  self->next_token = g_steal_pointer (&page.next_token);
  for (guint i = 0; i < page.detections->len; i++)
    {
      PvDetection *d = &g_array_index (page.detections, PvDetection, i);

      pv_result_add_detection (self, d);
      /* The result owns the face now. */
      d->face = NULL;
    }
  self->n_pages++;
  pv_page_clear (&page);
  return TRUE;
}

static gboolean
read_json (PvResult   *self,
           const char *text,
           gsize       len,
           const char *name,
           GError    **error)
{
  static const char * const page_keys[] = { "Persons", "JobStatus", "VideoMetadata", NULL };
  static const char * const guidance_keys[] = { "person", "timestamp", NULL };
  static const char * const detection_keys[] = { "Person", "Timestamp", NULL };
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) json_error = NULL;
  JsonNode *root;

  /* The fast reader bounds its own nesting; the general one checks it before json-glib. */
  if (read_plain_json (self, text, len))
    return TRUE;

  parser = json_parser_new_immutable ();
  if (!pv_result_load_json (parser, text, len, &json_error))
    {
      if (json_error->domain == PV_RESULT_ERROR)
        {
          g_propagate_prefixed_error (error, g_steal_pointer (&json_error), "%s: ", name);
          return FALSE;
        }
      set_json_error (error, name, json_error);
      return FALSE;
    }

  root = json_parser_get_root (parser);
  if (root == NULL)
    {
      g_set_error (error, PV_RESULT_ERROR, PV_RESULT_ERROR_EMPTY,
                   _("%s: the file holds no JSON value"), name);
      return FALSE;
    }

  if (JSON_NODE_HOLDS_OBJECT (root))
    {
      JsonObject *object = json_node_get_object (root);

      if (!object_has_any (object, page_keys))
        {
          g_set_error (error, PV_RESULT_ERROR, PV_RESULT_ERROR_WRONG_SHAPE,
                       _("%s: the top-level object has no Persons, JobStatus or VideoMetadata; "
                         "it is not a GetPersonTracking result"), name);
          return FALSE;
        }
      self->format = PV_RESULT_FORMAT_REKOGNITION;
      return pv_result_add_page (self, object, 0, error);
    }

  if (JSON_NODE_HOLDS_ARRAY (root))
    {
      JsonArray *array = json_node_get_array (root);
      guint n = json_array_get_length (array);
      JsonNode *first;
      JsonObject *first_object;

      if (n == 0)
        {
          self->format = PV_RESULT_FORMAT_REKOGNITION_PAGES;
          pv_result_add_warning (self, &(PvElementLocation) { .name = name, .whole = TRUE },
                                 _("an empty array: there are no detections"));
          return TRUE;
        }
      first = json_array_get_element (array, 0);
      if (!JSON_NODE_HOLDS_OBJECT (first))
        {
          g_set_error (error, PV_RESULT_ERROR, PV_RESULT_ERROR_WRONG_SHAPE,
                       _("%s: [0] is %s; expected an array of objects (response pages or "
                         "person detections)"), name, node_kind (first));
          return FALSE;
        }
      first_object = json_node_get_object (first);

      if (object_has_any (first_object, page_keys))
        {
          self->format = PV_RESULT_FORMAT_REKOGNITION_PAGES;
          for (guint i = 0; i < n; i++)
            {
              JsonNode *page = json_array_get_element (array, i);

              if (!JSON_NODE_HOLDS_OBJECT (page))
                {
                  g_set_error (error, PV_RESULT_ERROR, PV_RESULT_ERROR_WRONG_SHAPE,
                               _("%s: page %u is %s, not a response object"),
                               name, i + 1, node_kind (page));
                  return FALSE;
                }
              if (!pv_result_add_page (self, json_node_get_object (page), i + 1, error))
                return FALSE;
            }
          return TRUE;
        }

      if (object_has_any (first_object, guidance_keys))
        {
          PvElementLocation where = { .name = name };

          self->format = PV_RESULT_FORMAT_GUIDANCE;
          return read_persons_array (self, &where, &camel_keys, array);
        }

      if (object_has_any (first_object, detection_keys))
        {
          /* A bare Persons array, cut out of a response by hand. */
          PvElementLocation where = { .name = name };

          self->format = PV_RESULT_FORMAT_REKOGNITION;
          return read_persons_array (self, &where, &aws_keys, array);
        }

      g_set_error (error, PV_RESULT_ERROR, PV_RESULT_ERROR_WRONG_SHAPE,
                   _("%s: an array of neither GetPersonTracking responses nor person "
                     "detections ([0] has none of Persons, Person, person)"), name);
      return FALSE;
    }

  g_set_error (error, PV_RESULT_ERROR, PV_RESULT_ERROR_WRONG_SHAPE,
               _("%s: the top level is %s; expected an object or an array"),
               name, node_kind (root));
  return FALSE;
}

static void
set_too_large_error (GError    **error,
                     const char *name,
                     guint64     size)
{
  g_autofree char *shown = g_format_size_full (size, G_FORMAT_SIZE_IEC_UNITS
                                                     | G_FORMAT_SIZE_LONG_FORMAT);

  g_set_error (error, PV_RESULT_ERROR, PV_RESULT_ERROR_TOO_LARGE,
               _("%s is %s; results over %u MiB are refused"),
               name, shown, (guint) (PV_RESULT_MAX_SIZE / (1024 * 1024)));
}

/**
 * pv_result_new_from_bytes:
 * @bytes: the whole file
 * @name: (nullable): how to name the input in messages (a file name)
 * @options: (nullable): frame rate and size, needed for MOT text only
 * @error: return location for a #PV_RESULT_ERROR
 *
 * Reads any format Pathview knows, told apart by the content: a JSON object (one response or the
 * merged AWS CLI output), a JSON array (of responses, or of the guidance app's detections), or
 * MOT Challenge text. Inputs over %PV_RESULT_MAX_SIZE are refused.
 *
 * Returns: (transfer full): the result, normalized (by Index then Timestamp, duplicates removed)
 */
PvResult *
pv_result_new_from_bytes (GBytes              *bytes,
                          const char          *name,
                          const PvReadOptions *options,
                          GError             **error)
{
  g_autoptr(PvResult) self = NULL;
  const char *text;
  gsize len;
  gsize bom = 0;
  gsize start;

  g_return_val_if_fail (bytes != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (name == NULL)
    name = _("input");

  text = g_bytes_get_data (bytes, &len);
  if (len > PV_RESULT_MAX_SIZE)
    {
      set_too_large_error (error, name, len);
      return NULL;
    }

  self = pv_result_new ();
  pv_result_set_name (self, name);

  /* A UTF-8 byte order mark, as Windows editors write it. */
  if (len >= 3 && memcmp (text, "\xef\xbb\xbf", 3) == 0)
    bom = 3;
  start = bom;
  while (start < len && g_ascii_isspace (text[start]))
    start++;

  if (start == len)
    {
      g_set_error (error, PV_RESULT_ERROR, PV_RESULT_ERROR_EMPTY,
                   _("%s is empty"), name);
      return NULL;
    }

  if (text[start] == '{' || text[start] == '[')
    {
      /* From the top, blank lines included, so that line numbers in errors are the file's. */
      if (!read_json (self, text + bom, len - bom, name, error))
        return NULL;
    }
  else if (pv_mot_reader_looks_like (text + start, len - start))
    {
      if (!pv_mot_reader_read (self, text + start, len - start, options, error))
        return NULL;
    }
  else
    {
      g_set_error (error, PV_RESULT_ERROR, PV_RESULT_ERROR_UNKNOWN_FORMAT,
                   _("%s is neither JSON nor MOT text (frame,id,left,top,width,height,…)"),
                   name);
      return NULL;
    }

  pv_result_normalize (self);
  return g_steal_pointer (&self);
}

/* The whole file, or G_IO_ERROR_MESSAGE_TOO_LARGE once it goes past PV_RESULT_MAX_SIZE. The size
 * the file system gives is only a hint: a device, a pipe or a process substitution says 0 and
 * may never end (/dev/zero), so the limit is kept while reading. */
static GBytes *
load_at_most (GFile         *file,
              guint64        size_hint,
              GCancellable  *cancellable,
              GError       **error)
{
  g_autoptr(GFileInputStream) stream = g_file_read (file, cancellable, error);
  g_autofree char *data = NULL;
  gsize capacity = MIN (MAX (size_hint, 65536), PV_RESULT_MAX_SIZE) + 1;
  gsize length = 0;

  if (stream == NULL)
    return NULL;
  data = g_malloc (capacity);
  for (;;)
    {
      gsize n_read;

      if (!g_input_stream_read_all (G_INPUT_STREAM (stream), data + length, capacity - length,
                                    &n_read, cancellable, error))
        return NULL;
      length += n_read;
      if (length < capacity)
        break;
      /* One byte past the limit is enough to know. */
      if (length > PV_RESULT_MAX_SIZE)
        {
          g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_MESSAGE_TOO_LARGE, "too large");
          return NULL;
        }
      capacity = MIN (capacity * 2, PV_RESULT_MAX_SIZE + 1);
      data = g_realloc (data, capacity);
    }
  return g_bytes_new_take (g_steal_pointer (&data), length);
}

/**
 * pv_result_load_file:
 *
 * Reads a file with pv_result_new_from_bytes (), refusing it before reading when it is over
 * %PV_RESULT_MAX_SIZE.
 *
 * Returns: (transfer full): the result, or %NULL with @error set
 */
PvResult *
pv_result_load_file (GFile               *file,
                     const PvReadOptions *options,
                     GCancellable        *cancellable,
                     GError             **error)
{
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *name = NULL;

  g_return_val_if_fail (G_IS_FILE (file), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  name = g_file_get_basename (file);
  info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_SIZE, G_FILE_QUERY_INFO_NONE,
                            cancellable, &local_error);
  if (info == NULL)
    {
      g_set_error (error, PV_RESULT_ERROR, PV_RESULT_ERROR_IO, _("Cannot read %s: %s"),
                   name, local_error->message);
      return NULL;
    }
  if ((guint64) g_file_info_get_size (info) > PV_RESULT_MAX_SIZE)
    {
      set_too_large_error (error, name, (guint64) g_file_info_get_size (info));
      return NULL;
    }

  bytes = load_at_most (file, (guint64) g_file_info_get_size (info), cancellable, &local_error);
  if (bytes == NULL && g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_MESSAGE_TOO_LARGE))
    {
      g_set_error (error, PV_RESULT_ERROR, PV_RESULT_ERROR_TOO_LARGE,
                   _("%s goes on past %u MiB; results over that are refused"), name,
                   (guint) (PV_RESULT_MAX_SIZE / (1024 * 1024)));
      return NULL;
    }
  if (bytes == NULL)
    {
      g_set_error (error, PV_RESULT_ERROR, PV_RESULT_ERROR_IO, _("Cannot read %s: %s"),
                   name, local_error->message);
      return NULL;
    }
  return pv_result_new_from_bytes (bytes, name, options, error);
}

/* Getters */

/**
 * pv_result_get_detections:
 *
 * Returns: (transfer none): the detections. Readers return them ordered by Index, then
 *   Timestamp; pages added with pv_result_add_page () stay in the order read until a timeline
 *   is built from the result.
 */
const PvDetection *
pv_result_get_detections (PvResult *self,
                          guint    *n_detections)
{
  g_return_val_if_fail (PV_IS_RESULT (self), NULL);

  if (n_detections != NULL)
    *n_detections = self->n_detections;
  return self->detections;
}

guint
pv_result_get_n_detections (PvResult *self)
{
  g_return_val_if_fail (PV_IS_RESULT (self), 0);
  return self->n_detections;
}

/**
 * pv_result_get_warnings:
 *
 * Returns: (transfer none) (element-type PvResultWarning): what was doubtful in the input
 */
GPtrArray *
pv_result_get_warnings (PvResult *self)
{
  g_return_val_if_fail (PV_IS_RESULT (self), NULL);
  return self->warnings;
}

const PvVideoMetadata *
pv_result_get_video_metadata (PvResult *self)
{
  g_return_val_if_fail (PV_IS_RESULT (self), NULL);
  return &self->video_metadata;
}

const char *
pv_result_get_job_status (PvResult *self)
{
  g_return_val_if_fail (PV_IS_RESULT (self), NULL);
  return self->job_status;
}

const char *
pv_result_get_status_message (PvResult *self)
{
  g_return_val_if_fail (PV_IS_RESULT (self), NULL);
  return self->status_message;
}

const char *
pv_result_get_next_token (PvResult *self)
{
  g_return_val_if_fail (PV_IS_RESULT (self), NULL);
  return self->next_token;
}

guint
pv_result_get_n_pages (PvResult *self)
{
  g_return_val_if_fail (PV_IS_RESULT (self), 0);
  return self->n_pages;
}

PvResultFormat
pv_result_get_format (PvResult *self)
{
  g_return_val_if_fail (PV_IS_RESULT (self), PV_RESULT_FORMAT_NONE);
  return self->format;
}

const char *
pv_result_get_name (PvResult *self)
{
  g_return_val_if_fail (PV_IS_RESULT (self), NULL);
  return self->name;
}

static char *
video_location (PvResult *self)
{
  return g_strdup_printf ("%s: VideoMetadata", self->name != NULL ? self->name : "");
}

/**
 * pv_result_check_video:
 * @width: the opened video's displayed width in pixels, or 0 when unknown
 * @height: its height, or 0
 * @duration_ms: its duration, or -1 when unknown
 * @frame_rate: its frame rate, or 0 when unknown
 *
 * Adds a warning for each way the result's VideoMetadata disagrees with the opened video.
 * Sizes may differ by scale (Rekognition saw the upload, the user may open a smaller copy: the
 * coordinates are ratios), so only the aspect ratio is compared; durations may differ by a frame
 * or two of container rounding; frame rates by 1 %.
 */
void
pv_result_check_video (PvResult *self,
                       guint     width,
                       guint     height,
                       gint64    duration_ms,
                       double    frame_rate)
{
  const PvVideoMetadata *m;
  guint n_before;

  g_return_if_fail (PV_IS_RESULT (self));

  m = &self->video_metadata;

  /* Each check is against the video open now: what an earlier check said of another video (one
   * opened by mistake, then located) no longer holds. */
  for (guint k = self->warnings->len; k > 0; k--)
    {
      const PvResultWarning *w = g_ptr_array_index (self->warnings, k - 1);

      if (w->about_video)
        g_ptr_array_remove_index (self->warnings, k - 1);
    }
  n_before = self->warnings->len;

  if (m->has_size && width > 0 && height > 0)
    {
      double aspect_result = (double) m->width / m->height;
      double aspect_video = (double) width / height;

      if (fabs (aspect_result - aspect_video) > 0.01 * aspect_video)
        add_warning_string (self, video_location (self),
                            g_strdup_printf (_("the result is for a %u × %u video, but the video "
                                               "is %u × %u: the boxes will not line up"),
                                             m->width, m->height, width, height));
    }

  if (m->has_duration && duration_ms >= 0)
    {
      gint64 slack = 100;

      if (m->has_frame_rate)
        slack = MAX (slack, (gint64) ceil (2000.0 / MAX (m->frame_rate, 0.001)));
      if (ABS (m->duration_ms - duration_ms) > slack)
        add_warning_string (self, video_location (self),
                            g_strdup_printf (_("the result is for a video of %lld ms, but the "
                                               "video lasts %lld ms"),
                                             (long long) m->duration_ms,
                                             (long long) duration_ms));
    }

  if (m->has_frame_rate && frame_rate > 0
      && fabs (m->frame_rate - frame_rate) > 0.01 * frame_rate)
    add_warning_string (self, video_location (self),
                        g_strdup_printf (_("the result is for a video at %.3f frames per second, "
                                           "but the video has %.3f"), m->frame_rate, frame_rate));

  for (guint k = n_before; k < self->warnings->len; k++)
    ((PvResultWarning *) g_ptr_array_index (self->warnings, k))->about_video = TRUE;
}

/* Saving */

static void
append_number (GString    *s,
               const char *key,
               double      value)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  /* JSON has no NaN or infinity: such values were never read in, so leave them out. */
  if (!isfinite (value))
    return;
  if (s->str[s->len - 1] != '{')
    g_string_append_c (s, ',');
  g_string_append_printf (s, "\"%s\":%s", key, g_ascii_dtostr (buf, sizeof buf, value));
}

static void
append_box (GString     *s,
            const char  *key,
            const PvBox *box)
{
  if (s->str[s->len - 1] != '{')
    g_string_append_c (s, ',');
  g_string_append_printf (s, "\"%s\":{", key);
  append_number (s, "Width", box->width);
  append_number (s, "Height", box->height);
  append_number (s, "Left", box->left);
  append_number (s, "Top", box->top);
  g_string_append_c (s, '}');
}

static void
append_string_member (GString    *s,
                      const char *key,
                      const char *value)
{
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *json = NULL;

  if (value == NULL)
    return;
  node = json_node_init_string (json_node_alloc (), value);
  json = json_to_string (node, FALSE);
  g_string_append_printf (s, "\"%s\":%s,\n", key, json);
}

/* JSON text of a kept tree (VideoMetadata, as the service sent it). Not json_to_string ():
 * json-glib 1.6 writes a double without a '.' with ".0" appended, so 1e+20 becomes "1e+20.0",
 * which no reader takes back. Non-finite doubles cannot come from JSON text; null if ever. */
static void
append_json_node (GString  *s,
                  JsonNode *node)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];
  g_autofree char *json = NULL;

  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject *object = json_node_get_object (node);
      g_autoptr(GList) members = json_object_get_members (object);

      g_string_append_c (s, '{');
      for (GList *l = members; l != NULL; l = l->next)
        {
          g_autoptr(JsonNode) key = json_node_init_string (json_node_alloc (), l->data);
          g_autofree char *key_json = json_to_string (key, FALSE);

          g_string_append_printf (s, "%s%s:", l != members ? "," : "", key_json);
          append_json_node (s, json_object_get_member (object, l->data));
        }
      g_string_append_c (s, '}');
    }
  else if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      g_string_append_c (s, '[');
      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          if (i > 0)
            g_string_append_c (s, ',');
          append_json_node (s, json_array_get_element (array, i));
        }
      g_string_append_c (s, ']');
    }
  else if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_DOUBLE)
    {
      double value = json_node_get_double (node);

      g_string_append (s, isfinite (value) ? g_ascii_dtostr (buf, sizeof buf, value) : "null");
    }
  else
    {
      json = json_to_string (node, FALSE);
      g_string_append (s, json);
    }
}

static void
append_detection (GString           *s,
                  const PvDetection *d)
{
  g_string_append_printf (s, "{\"Timestamp\":%" G_GINT64_FORMAT ",\"Person\":{\"Index\":%"
                          G_GINT64_FORMAT, d->timestamp_ms, d->index);
  if (d->flags & PV_DETECTION_HAS_BOX)
    append_box (s, "BoundingBox", &d->box);
  if (d->flags & PV_DETECTION_HAS_CONFIDENCE)
    append_number (s, "Confidence", d->confidence);
  if (d->face != NULL)
    {
      const PvFace *f = d->face;

      g_string_append (s, ",\"Face\":{");
      append_box (s, "BoundingBox", &f->box);
      append_number (s, "Confidence", f->confidence);
      if (f->n_landmarks > 0)
        {
          g_string_append (s, ",\"Landmarks\":[");
          for (guint i = 0; i < f->n_landmarks; i++)
            {
              g_autoptr(JsonNode) type = json_node_init_string (json_node_alloc (),
                                                                f->landmarks[i].type);
              g_autofree char *type_json = json_to_string (type, FALSE);

              g_string_append_printf (s, "%s{\"Type\":%s", i > 0 ? "," : "", type_json);
              append_number (s, "X", f->landmarks[i].x);
              append_number (s, "Y", f->landmarks[i].y);
              g_string_append_c (s, '}');
            }
          g_string_append_c (s, ']');
        }
      if (isfinite (f->pose_roll) || isfinite (f->pose_yaw) || isfinite (f->pose_pitch))
        {
          g_string_append (s, ",\"Pose\":{");
          append_number (s, "Roll", f->pose_roll);
          append_number (s, "Yaw", f->pose_yaw);
          append_number (s, "Pitch", f->pose_pitch);
          g_string_append_c (s, '}');
        }
      if (isfinite (f->quality_brightness) || isfinite (f->quality_sharpness))
        {
          g_string_append (s, ",\"Quality\":{");
          append_number (s, "Brightness", f->quality_brightness);
          append_number (s, "Sharpness", f->quality_sharpness);
          g_string_append_c (s, '}');
        }
      g_string_append_c (s, '}');
    }
  g_string_append (s, "}}");
}

/**
 * pv_result_to_bytes:
 *
 * Writes the result in the shape `aws rekognition get-person-tracking` prints with every page
 * merged: `{"JobStatus", "StatusMessage", "VideoMetadata", "Persons": [...], "NextToken"}`, with
 * the API's key names and the Persons ordered by Timestamp, then Index (the API's default
 * SortBy=TIMESTAMP). NextToken is written only when the fetch stopped early, so it can resume.
 * Numbers are written with 17 significant digits, so reading the bytes back gives the same
 * values.
 *
 * Returns: (transfer full): the JSON text
 */
GBytes *
pv_result_to_bytes (PvResult *self)
{
  g_autofree PvSortItem *items = NULL;
  GString *s;
  guint n;

  g_return_val_if_fail (PV_IS_RESULT (self), NULL);

  n = self->n_detections;
  items = g_new (PvSortItem, MAX (n, 1));
  for (guint i = 0; i < n; i++)
    {
      const PvDetection *d = &self->detections[i];

      items[i].hi = pv_sort_key_from_int64 (d->timestamp_ms);
      items[i].lo = pv_sort_key_from_int64 (d->index);
      items[i].pos = i;
    }
  pv_sort_items (items, n);

  s = g_string_sized_new (256 + (gsize) n * 120);
  g_string_append (s, "{\n");
  append_string_member (s, "JobStatus", self->job_status != NULL ? self->job_status
                                                                   : "SUCCEEDED");
  append_string_member (s, "StatusMessage", self->status_message);
  if (self->video_metadata_json != NULL)
    {
      g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (),
                                                        self->video_metadata_json);

      g_string_append (s, "\"VideoMetadata\":");
      append_json_node (s, node);
      g_string_append (s, ",\n");
    }
  else if (self->video_metadata.present)
    {
      const PvVideoMetadata *m = &self->video_metadata;

      /* What a MOT reader was told: saved so that the file reopens without being told again. */
      g_string_append (s, "\"VideoMetadata\":{");
      if (m->has_frame_rate)
        append_number (s, "FrameRate", m->frame_rate);
      if (m->has_size)
        {
          append_number (s, "FrameWidth", m->width);
          append_number (s, "FrameHeight", m->height);
        }
      if (m->has_duration)
        append_number (s, "DurationMillis", (double) m->duration_ms);
      g_string_append (s, "},\n");
    }
  g_string_append (s, "\"Persons\":[");
  for (guint i = 0; i < n; i++)
    {
      g_string_append (s, i > 0 ? ",\n" : "\n");
      append_detection (s, &self->detections[items[i].pos]);
    }
  g_string_append (s, "\n]");
  if (self->next_token != NULL)
    {
      g_string_append (s, ",\n");
      append_string_member (s, "NextToken", self->next_token);
      g_string_truncate (s, s->len - 2);
    }
  g_string_append (s, "\n}\n");

  return g_string_free_to_bytes (s);
}

/**
 * pv_result_save:
 *
 * Writes pv_result_to_bytes () to @file atomically: into a temporary file next to it, then
 * renamed over it, so a crash never leaves a half-written result behind.
 */
gboolean
pv_result_save (PvResult  *self,
                GFile     *file,
                GError   **error)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (PV_IS_RESULT (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  bytes = pv_result_to_bytes (self);
  if (!g_file_replace_contents (file, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                                NULL, FALSE, G_FILE_CREATE_REPLACE_DESTINATION, NULL, NULL,
                                &local_error))
    {
      g_autofree char *name = g_file_get_parse_name (file);

      g_set_error (error, PV_RESULT_ERROR, PV_RESULT_ERROR_IO, _("Cannot save %s: %s"),
                   name, local_error->message);
      return FALSE;
    }
  return TRUE;
}
