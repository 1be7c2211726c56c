/* pv-timeline.c
 *
 * Copyright 2026 The Pathview authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "pv-timeline"

#include "config.h"

#include <math.h>
#include <string.h>

#include "pv-person.h"
#include "pv-result-private.h"
#include "pv-timeline.h"

/* The only index of detections.
 *
 * Storage: the result's own detection array, sorted in place by (Index, Timestamp) and with
 * duplicates removed (pv_result_normalize ()). Each person's samples are then one contiguous,
 * time-ordered run, which is the track pv_timeline_get_track () returns without a copy. On top
 * of it the timeline keeps one 24-byte TimeEntry per detection in time order (Timestamp,
 * position, gaps to the person's previous and next sample), a bucket table over time (about one
 * 4-byte entry per 16 detections) and one small record per person: about 25 bytes per detection
 * beyond the result.
 *
 * visible_at (t): a bucket lookup and a short binary search find the entries within the search
 * window around t. A sample is its person's nearest to t exactly when it is nearer than its two
 * track neighbours, and the entry carries their distances; so that test needs no per-person
 * state, no scan over people, and touches no detection. Only the chosen samples are read.
 *
 * Rules:
 * - media time = time offset (the video's first PTS, µs) + Timestamp × 1000;
 * - a person is shown at t with their nearest sample when it is within the tolerance
 *   (|sample - t| <= tolerance: the edge is included);
 * - half-way between two samples, the earlier sample wins;
 * - with interpolation on, a person between two consecutive samples no more than max-gap apart
 *   is shown with the box linearly interpolated between them, the face of the nearer sample;
 *   across a longer absence nothing is invented and the tolerance rule applies;
 * - the Index filter and the confidence threshold apply to the nearest sample (a sample without
 *   a confidence, as in Rekognition's, always passes the threshold).
 */

typedef struct
{
  gint64 index;
  guint  start;
  guint  length;
} Span;

/* One detection in time order: everything the nearest-sample test needs, so that the scan over
 * the search window reads one dense array and touches a detection only once it is chosen. */
typedef struct
{
  gint64  timestamp_ms;
  guint32 pos;            /* into the detections */
  gint32  prev_gap_ms;    /* to the same person's previous sample, or NO_NEIGHBOUR */
  gint32  next_gap_ms;    /* to their next one, or NO_NEIGHBOUR */
} TimeEntry;

/* Gaps this long (24 days) count as "no neighbour": tolerance and max gap are limited to half of
 * it, so such a neighbour can never be nearer than a sample inside the search window. */
#define NO_NEIGHBOUR G_MAXINT32
#define MAX_WINDOW_MS (G_MAXINT32 / 2)

/* A time-ordered entry is found through buckets of equal time width, about this many entries
 * each: one division, then a binary search within a few cache lines. */
#define ENTRIES_PER_BUCKET 16

struct _PvTimeline
{
  GObject             parent_instance;

  /* Owned */
  PvResult           *result;
  PvIndexFilter      *filter;
  GListStore         *people;
  TimeEntry          *by_time;        /* by (Timestamp, Index) */
  guint32            *buckets;        /* first by_time entry of each bucket, then n_detections */
  Span               *spans;          /* per person, by Index */
  PvDetection        *time_ordered;   /* built on the first pv_timeline_get_detections () */

  const PvDetection  *detections;     /* borrowed from result */
  guint               n_detections;
  guint               n_spans;
  guint               n_buckets;
  gint64              bucket_ms;

  gint64              time_offset_us;
  gint64              tolerance_ms;
  gint64              max_gap_ms;
  gint64              sampling_interval_ms;
  double              threshold;
  gboolean            interpolate;
};

G_DEFINE_FINAL_TYPE (PvTimeline, pv_timeline, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_INTERPOLATE,
  PROP_CONFIDENCE_THRESHOLD,
  PROP_TOLERANCE_MS,
  PROP_MAX_GAP_MS,
  PROP_TIME_OFFSET,
  N_PROPS
};

enum {
  CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* Timestamps are limited to ±10^15 ms by the readers, so × 1000 fits in 64 bits; media times
 * from callers are clamped to the same range before any arithmetic. */
#define TIME_LIMIT_US G_GINT64_CONSTANT (2000000000000000000)

static void
pv_timeline_dispose (GObject *object)
{
  PvTimeline *self = (PvTimeline *)object;

  if (self->filter != NULL)
    g_signal_handlers_disconnect_by_data (self->filter, self);
  g_clear_object (&self->filter);
  g_clear_object (&self->people);
  g_clear_object (&self->result);
  self->detections = NULL;

  G_OBJECT_CLASS (pv_timeline_parent_class)->dispose (object);
}

static void
pv_timeline_finalize (GObject *object)
{
  PvTimeline *self = (PvTimeline *)object;

  g_clear_pointer (&self->by_time, g_free);
  g_clear_pointer (&self->buckets, g_free);
  g_clear_pointer (&self->spans, g_free);
  g_clear_pointer (&self->time_ordered, g_free);

  G_OBJECT_CLASS (pv_timeline_parent_class)->finalize (object);
}

static void
pv_timeline_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  PvTimeline *self = PV_TIMELINE (object);

  switch (prop_id)
    {
    case PROP_INTERPOLATE:
      g_value_set_boolean (value, self->interpolate);
      break;
    case PROP_CONFIDENCE_THRESHOLD:
      g_value_set_double (value, self->threshold);
      break;
    case PROP_TOLERANCE_MS:
      g_value_set_int64 (value, self->tolerance_ms);
      break;
    case PROP_MAX_GAP_MS:
      g_value_set_int64 (value, self->max_gap_ms);
      break;
    case PROP_TIME_OFFSET:
      g_value_set_int64 (value, self->time_offset_us);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pv_timeline_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  PvTimeline *self = PV_TIMELINE (object);

  switch (prop_id)
    {
    case PROP_INTERPOLATE:
      pv_timeline_set_interpolate (self, g_value_get_boolean (value));
      break;
    case PROP_CONFIDENCE_THRESHOLD:
      pv_timeline_set_confidence_threshold (self, g_value_get_double (value));
      break;
    case PROP_TOLERANCE_MS:
      pv_timeline_set_tolerance_ms (self, g_value_get_int64 (value));
      break;
    case PROP_MAX_GAP_MS:
      pv_timeline_set_max_gap_ms (self, g_value_get_int64 (value));
      break;
    case PROP_TIME_OFFSET:
      pv_timeline_set_time_offset (self, g_value_get_int64 (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pv_timeline_class_init (PvTimelineClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY
                             | G_PARAM_STATIC_STRINGS);

  object_class->dispose = pv_timeline_dispose;
  object_class->finalize = pv_timeline_finalize;
  object_class->get_property = pv_timeline_get_property;
  object_class->set_property = pv_timeline_set_property;

  properties[PROP_INTERPOLATE] =
    g_param_spec_boolean ("interpolate", NULL, NULL, FALSE, flags);
  properties[PROP_CONFIDENCE_THRESHOLD] =
    g_param_spec_double ("confidence-threshold", NULL, NULL, 0, 100, 0, flags);
  /* Defaults to half the sampling interval the data shows, rounded up. */
  properties[PROP_TOLERANCE_MS] =
    g_param_spec_int64 ("tolerance-ms", NULL, NULL, 0, MAX_WINDOW_MS, 0, flags);
  /* Defaults to twice the sampling interval: longer gaps are absences, not missed samples. */
  properties[PROP_MAX_GAP_MS] =
    g_param_spec_int64 ("max-gap-ms", NULL, NULL, 0, MAX_WINDOW_MS, 0, flags);
  properties[PROP_TIME_OFFSET] =
    g_param_spec_int64 ("time-offset", NULL, NULL, -TIME_LIMIT_US, TIME_LIMIT_US, 0, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* Anything that changes what pv_timeline_visible_at () returns for some time. */
  signals[CHANGED] =
    g_signal_new ("changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
}

static void
pv_timeline_init (PvTimeline *self)
{
  self->people = g_list_store_new (PV_TYPE_PERSON);
  self->filter = pv_index_filter_new ();
}

static void
on_filter_changed (PvTimeline    *self,
                   PvIndexFilter *filter)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->people));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(PvPerson) person = g_list_model_get_item (G_LIST_MODEL (self->people), i);

      pv_person_set_visible (person, pv_index_filter_contains (filter,
                                                               pv_person_get_index (person)));
    }
  g_signal_emit (self, signals[CHANGED], 0);
}

/* The median of positive gaps. Gaps are milliseconds and nearly all small, so a histogram finds
 * the median in one pass without sorting a million values; the rare big gaps are sorted apart. */
#define GAP_HISTOGRAM_SIZE 65536

typedef struct
{
  guint32 *histogram;
  GArray  *big;       /* of gint64, gaps >= GAP_HISTOGRAM_SIZE */
  gsize    n;
} GapStats;

static void
gap_stats_add (GapStats *stats,
               gint64    gap)
{
  if (gap < GAP_HISTOGRAM_SIZE)
    stats->histogram[gap]++;
  else
    g_array_append_val (stats->big, gap);
  stats->n++;
}

static int
compare_int64 (gconstpointer a,
               gconstpointer b)
{
  gint64 va = *(const gint64 *) a;
  gint64 vb = *(const gint64 *) b;

  return (va > vb) - (va < vb);
}

/* The lower median: the ((n - 1) / 2)-th smallest. */
static gint64
gap_stats_median (GapStats *stats)
{
  gsize k = (stats->n - 1) / 2;
  gsize seen = 0;

  for (gint64 gap = 0; gap < GAP_HISTOGRAM_SIZE; gap++)
    {
      seen += stats->histogram[gap];
      if (seen > k)
        return gap;
    }
  g_array_sort (stats->big, compare_int64);
  return g_array_index (stats->big, gint64, k - seen);
}

static void
build (PvTimeline *self)
{
  g_autofree PvSortItem *items = NULL;
  g_autoptr(GArray) spans = g_array_new (FALSE, FALSE, sizeof (Span));
  g_autoptr(GPtrArray) people = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree guint32 *histogram = g_new0 (guint32, GAP_HISTOGRAM_SIZE);
  g_autoptr(GArray) big_gaps = g_array_new (FALSE, FALSE, sizeof (gint64));
  GapStats gap_stats = { histogram, big_gaps, 0 };
  const PvDetection *d;
  guint n;

  pv_result_freeze (self->result);
  d = self->detections = pv_result_get_detections (self->result, &n);
  self->n_detections = n;

  /* Runs of one Index are the people. */
  for (guint i = 0; i < n;)
    {
      Span span = { d[i].index, i, 0 };
      gboolean has_face = FALSE;
      guint j = i;

      for (; j < n && d[j].index == span.index; j++)
        {
          has_face |= d[j].face != NULL;
          if (j > i)
            gap_stats_add (&gap_stats, d[j].timestamp_ms - d[j - 1].timestamp_ms);
        }
      span.length = j - i;
      g_array_append_val (spans, span);
      g_ptr_array_add (people, pv_person_new (span.index, d[i].timestamp_ms,
                                              d[j - 1].timestamp_ms, span.length, has_face));
      i = j;
    }
  self->n_spans = spans->len;
  self->spans = (Span *)(gpointer) g_array_free (g_steal_pointer (&spans), FALSE);
  g_list_store_splice (self->people, 0, 0, people->pdata, people->len);

  /* Positions in time order: a stable sort by Timestamp keeps equal Timestamps in position
   * order, which is Index order. */
  items = g_new (PvSortItem, MAX (n, 1));
  for (guint i = 0; i < n; i++)
    {
      items[i].hi = 0;
      items[i].lo = pv_sort_key_from_int64 (d[i].timestamp_ms);
      items[i].pos = i;
    }
  pv_sort_items (items, n);
  self->by_time = g_new (TimeEntry, MAX (n, 1));
  for (guint i = 0; i < n; i++)
    {
      guint32 p = items[i].pos;
      TimeEntry *e = &self->by_time[i];
      gint64 gap;

      e->timestamp_ms = d[p].timestamp_ms;
      e->pos = p;
      e->prev_gap_ms = e->next_gap_ms = NO_NEIGHBOUR;
      if (p > 0 && d[p - 1].index == d[p].index)
        {
          gap = d[p].timestamp_ms - d[p - 1].timestamp_ms;
          e->prev_gap_ms = gap < NO_NEIGHBOUR ? (gint32) gap : NO_NEIGHBOUR;
        }
      if (p + 1 < n && d[p + 1].index == d[p].index)
        {
          gap = d[p + 1].timestamp_ms - d[p].timestamp_ms;
          e->next_gap_ms = gap < NO_NEIGHBOUR ? (gint32) gap : NO_NEIGHBOUR;
        }
    }

  if (n > 0)
    {
      gint64 first = self->by_time[0].timestamp_ms;
      gint64 range = self->by_time[n - 1].timestamp_ms - first;
      guint b = 0;

      self->bucket_ms = MAX (1, (range * ENTRIES_PER_BUCKET + n - 1) / n);
      self->n_buckets = (guint) (range / self->bucket_ms) + 1;
      self->buckets = g_new (guint32, self->n_buckets + 1);
      for (guint i = 0; i < n; i++)
        while (b < self->n_buckets
               && self->by_time[i].timestamp_ms >= first + (gint64) b * self->bucket_ms)
          self->buckets[b++] = i;
      while (b <= self->n_buckets)
        self->buckets[b++] = n;
    }

  if (gap_stats.n > 0)
    self->sampling_interval_ms = gap_stats_median (&gap_stats);
  else
    {
      const PvVideoMetadata *m = pv_result_get_video_metadata (self->result);

      /* One sample per person: the frame interval is the best guess there is. */
      self->sampling_interval_ms = m->has_frame_rate
                                   ? (gint64) ceil (1000.0 / MAX (m->frame_rate, 0.001)) : 0;
    }
  self->tolerance_ms = MIN ((self->sampling_interval_ms + 1) / 2, MAX_WINDOW_MS);
  self->max_gap_ms = MIN (2 * self->sampling_interval_ms, MAX_WINDOW_MS);
}

/**
 * pv_timeline_new:
 * @result: a complete result
 *
 * Builds the index. The timeline keeps @result and reorders its detections in place (by Index,
 * then Timestamp, duplicates removed), so that no detection is stored twice; @result must not be
 * added to afterwards.
 *
 * Returns: (transfer full): the timeline
 */
PvTimeline *
pv_timeline_new (PvResult *result)
{
  PvTimeline *self;

  g_return_val_if_fail (PV_IS_RESULT (result), NULL);

  self = g_object_new (PV_TYPE_TIMELINE, NULL);
  self->result = g_object_ref (result);
  build (self);
  g_signal_connect_object (self->filter, "changed", G_CALLBACK (on_filter_changed), self,
                           G_CONNECT_SWAPPED);
  return self;
}

PvResult *
pv_timeline_get_result (PvTimeline *self)
{
  g_return_val_if_fail (PV_IS_TIMELINE (self), NULL);
  return self->result;
}

/**
 * pv_timeline_get_people:
 *
 * Returns: (transfer none): a list of #PvPerson, by Index
 */
GListModel *
pv_timeline_get_people (PvTimeline *self)
{
  g_return_val_if_fail (PV_IS_TIMELINE (self), NULL);
  return G_LIST_MODEL (self->people);
}

/**
 * pv_timeline_get_filter:
 *
 * Returns: (transfer none): the Index filter; changing it emits #PvTimeline::changed once
 */
PvIndexFilter *
pv_timeline_get_filter (PvTimeline *self)
{
  g_return_val_if_fail (PV_IS_TIMELINE (self), NULL);
  return self->filter;
}

static void
set_int64 (PvTimeline *self,
           gint64     *field,
           gint64      value,
           guint       prop)
{
  if (*field == value)
    return;
  *field = value;
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
  g_signal_emit (self, signals[CHANGED], 0);
}

/**
 * pv_timeline_set_time_offset:
 * @first_pts_us: the media time of Timestamp 0: the video's first PTS, in µs
 */
void
pv_timeline_set_time_offset (PvTimeline *self,
                             gint64      first_pts_us)
{
  g_return_if_fail (PV_IS_TIMELINE (self));
  set_int64 (self, &self->time_offset_us, CLAMP (first_pts_us, -TIME_LIMIT_US, TIME_LIMIT_US),
             PROP_TIME_OFFSET);
}

gint64
pv_timeline_get_time_offset (PvTimeline *self)
{
  g_return_val_if_fail (PV_IS_TIMELINE (self), 0);
  return self->time_offset_us;
}

void
pv_timeline_set_tolerance_ms (PvTimeline *self,
                              gint64      tolerance_ms)
{
  g_return_if_fail (PV_IS_TIMELINE (self));
  g_return_if_fail (tolerance_ms >= 0);
  set_int64 (self, &self->tolerance_ms, MIN (tolerance_ms, MAX_WINDOW_MS), PROP_TOLERANCE_MS);
}

gint64
pv_timeline_get_tolerance_ms (PvTimeline *self)
{
  g_return_val_if_fail (PV_IS_TIMELINE (self), 0);
  return self->tolerance_ms;
}

void
pv_timeline_set_max_gap_ms (PvTimeline *self,
                            gint64      max_gap_ms)
{
  g_return_if_fail (PV_IS_TIMELINE (self));
  g_return_if_fail (max_gap_ms >= 0);
  set_int64 (self, &self->max_gap_ms, MIN (max_gap_ms, MAX_WINDOW_MS), PROP_MAX_GAP_MS);
}

gint64
pv_timeline_get_max_gap_ms (PvTimeline *self)
{
  g_return_val_if_fail (PV_IS_TIMELINE (self), 0);
  return self->max_gap_ms;
}

/**
 * pv_timeline_get_sampling_interval_ms:
 *
 * Returns: the median gap between a person's consecutive samples (the sampling interval the
 *   data shows), or the frame interval of VideoMetadata when no person has two samples, or 0
 */
gint64
pv_timeline_get_sampling_interval_ms (PvTimeline *self)
{
  g_return_val_if_fail (PV_IS_TIMELINE (self), 0);
  return self->sampling_interval_ms;
}

void
pv_timeline_set_interpolate (PvTimeline *self,
                             gboolean    interpolate)
{
  g_return_if_fail (PV_IS_TIMELINE (self));

  interpolate = !!interpolate;
  if (self->interpolate == interpolate)
    return;
  self->interpolate = interpolate;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_INTERPOLATE]);
  g_signal_emit (self, signals[CHANGED], 0);
}

gboolean
pv_timeline_get_interpolate (PvTimeline *self)
{
  g_return_val_if_fail (PV_IS_TIMELINE (self), FALSE);
  return self->interpolate;
}

/**
 * pv_timeline_set_confidence_threshold:
 * @percent: 0..100; samples with a lower confidence are hidden
 */
void
pv_timeline_set_confidence_threshold (PvTimeline *self,
                                      double      percent)
{
  g_return_if_fail (PV_IS_TIMELINE (self));

  if (isnan (percent))
    percent = 0;
  percent = CLAMP (percent, 0, 100);
  if (self->threshold == percent)
    return;
  self->threshold = percent;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONFIDENCE_THRESHOLD]);
  g_signal_emit (self, signals[CHANGED], 0);
}

double
pv_timeline_get_confidence_threshold (PvTimeline *self)
{
  g_return_val_if_fail (PV_IS_TIMELINE (self), 0);
  return self->threshold;
}

/**
 * pv_timeline_get_time_range:
 *
 * Returns: %FALSE when there are no detections; otherwise the first and last Timestamp
 */
gboolean
pv_timeline_get_time_range (PvTimeline *self,
                            gint64     *first_ms,
                            gint64     *last_ms)
{
  g_return_val_if_fail (PV_IS_TIMELINE (self), FALSE);

  if (self->n_detections == 0)
    return FALSE;
  if (first_ms != NULL)
    *first_ms = self->by_time[0].timestamp_ms;
  if (last_ms != NULL)
    *last_ms = self->by_time[self->n_detections - 1].timestamp_ms;
  return TRUE;
}

static inline gint64
floor_div_1000 (gint64 a)
{
  gint64 q = a / 1000;

  return (a % 1000 != 0 && a < 0) ? q - 1 : q;
}

static inline gint64
ceil_div_1000 (gint64 a)
{
  return -floor_div_1000 (-a);
}

static inline gint64
distance_us (gint64 timestamp_ms,
             gint64 rel_us)
{
  gint64 diff = timestamp_ms * 1000 - rel_us;

  return diff < 0 ? -diff : diff;
}

/* The first entry with a Timestamp at or after lo_ms. */
static guint
find_first_at_or_after (PvTimeline *self,
                        gint64      lo_ms)
{
  gint64 first = self->by_time[0].timestamp_ms;
  guint lo, hi;

  if (lo_ms <= first)
    return 0;
  if ((lo_ms - first) / self->bucket_ms >= self->n_buckets)
    return self->n_detections;

  {
    guint b = (guint) ((lo_ms - first) / self->bucket_ms);

    lo = self->buckets[b];
    hi = self->buckets[b + 1];
  }
  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (self->by_time[mid].timestamp_ms < lo_ms)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo;
}

/**
 * pv_timeline_visible_at:
 * @media_time_us: the time of the frame shown, on the video's own clock (its PTS)
 * @out_visible: (element-type PvVisiblePerson): cleared, then filled, ordered by Index
 *
 * Who is where at @media_time_us; see the rules at the top of this file.
 */
void
pv_timeline_visible_at (PvTimeline *self,
                        gint64      media_time_us,
                        GArray     *out_visible)
{
  const PvDetection *d;
  gint64 rel_us, window_us, tolerance_us, max_gap_us, hi_ms;
  PvVisiblePerson *v;
  gboolean filtered;
  guint start, end, n_out, n_chosen;
  /* No state is kept between calls, so the exporter's thread and the view can share a timeline
   * (as long as neither changes its settings meanwhile). */
  guint32 chosen_on_stack[512];
  g_autofree guint32 *heap_chosen = NULL;
  guint32 *chosen;

  g_return_if_fail (PV_IS_TIMELINE (self));
  g_return_if_fail (out_visible != NULL);
  g_return_if_fail (g_array_get_element_size (out_visible) == sizeof (PvVisiblePerson));

  g_array_set_size (out_visible, 0);
  if (self->n_detections == 0)
    return;

  d = self->detections;
  media_time_us = CLAMP (media_time_us, -TIME_LIMIT_US, TIME_LIMIT_US);
  rel_us = media_time_us - self->time_offset_us;
  tolerance_us = self->tolerance_ms * 1000;
  max_gap_us = self->max_gap_ms * 1000;
  window_us = self->interpolate ? MAX (tolerance_us, max_gap_us) : tolerance_us;
  hi_ms = floor_div_1000 (rel_us + window_us);

  filtered = pv_index_filter_get_mode (self->filter) != PV_INDEX_FILTER_ALL;
  start = find_first_at_or_after (self, ceil_div_1000 (rel_us - window_us));
  for (end = start; end < self->n_detections && self->by_time[end].timestamp_ms <= hi_ms; end++)
    ;

  /* At most one entry per sample in the window: size the output once, fill it in place. */
  g_array_set_size (out_visible, end - start);
  v = (PvVisiblePerson *)(gpointer) out_visible->data;
  n_out = 0;

  /* First pass, over the dense entries only: which samples are their person's nearest. The
   * detections they point to are scattered (stored by person), so each is prefetched as soon as
   * it is known to be needed, and all those cache misses overlap during this pass. */
  chosen = end - start <= G_N_ELEMENTS (chosen_on_stack) ? chosen_on_stack
                                                          : (heap_chosen = g_new (guint32,
                                                                                  end - start));
  n_chosen = 0;
  for (guint i = start; i < end; i++)
    {
      const TimeEntry *e = &self->by_time[i];
      gint64 dist = distance_us (e->timestamp_ms, rel_us);

      /* Nearest of its track; on a tie the earlier sample wins. */
      if (e->prev_gap_ms != NO_NEIGHBOUR
          && distance_us (e->timestamp_ms - e->prev_gap_ms, rel_us) <= dist)
        continue;
      if (e->next_gap_ms != NO_NEIGHBOUR
          && distance_us (e->timestamp_ms + e->next_gap_ms, rel_us) < dist)
        continue;
      __builtin_prefetch (&d[e->pos]);
      chosen[n_chosen++] = i;
    }

  for (guint k = 0; k < n_chosen; k++)
    {
      const TimeEntry *e = &self->by_time[chosen[k]];
      gint64 dist = distance_us (e->timestamp_ms, rel_us);
      const PvDetection *s, *prev, *next, *a, *b;

      s = &d[e->pos];
      if (filtered && !pv_index_filter_contains (self->filter, s->index))
        continue;
      if ((s->flags & PV_DETECTION_HAS_CONFIDENCE) && s->confidence < self->threshold)
        continue;

      if (self->interpolate && dist != 0)
        {
          prev = e->prev_gap_ms != NO_NEIGHBOUR ? s - 1 : NULL;
          next = e->next_gap_ms != NO_NEIGHBOUR ? s + 1 : NULL;
          if (e->timestamp_ms * 1000 < rel_us)
            {
              a = s;
              b = next;
            }
          else
            {
              a = prev;
              b = s;
            }
          if (a != NULL && b != NULL
              && (b->timestamp_ms - a->timestamp_ms) * 1000 <= max_gap_us
              && (a->flags & PV_DETECTION_HAS_BOX) && (b->flags & PV_DETECTION_HAS_BOX))
            {
              double f = (double) (rel_us - a->timestamp_ms * 1000)
                         / (double) ((b->timestamp_ms - a->timestamp_ms) * 1000);
              PvVisiblePerson *iv = &v[n_out++];

              *iv = (PvVisiblePerson) {
                .index = s->index,
                .box = {
                  .left = a->box.left + f * (b->box.left - a->box.left),
                  .top = a->box.top + f * (b->box.top - a->box.top),
                  .width = a->box.width + f * (b->box.width - a->box.width),
                  .height = a->box.height + f * (b->box.height - a->box.height),
                },
                .flags = s->flags,
                .confidence = s->confidence,
                .face = s->face,
                .timestamp_ms = s->timestamp_ms,
                .interpolated = TRUE,
              };

              if ((a->flags & PV_DETECTION_HAS_CONFIDENCE)
                  && (b->flags & PV_DETECTION_HAS_CONFIDENCE))
                iv->confidence = (float) (a->confidence + f * (b->confidence - a->confidence));
              continue;
            }
        }

      if (dist <= tolerance_us)
        v[n_out++] = (PvVisiblePerson) {
          .index = s->index,
          .box = s->box,
          .flags = s->flags,
          .confidence = s->confidence,
          .face = s->face,
          .timestamp_ms = s->timestamp_ms,
          .interpolated = FALSE,
        };
    }
  g_array_set_size (out_visible, n_out);

  /* By Index; an insertion sort, as there are a few dozen at most and they are mostly in order
   * already (equal Timestamps come by Index). */
  for (guint i = 1; i < n_out; i++)
    {
      PvVisiblePerson tmp = v[i];
      guint j = i;

      while (j > 0 && v[j - 1].index > tmp.index)
        {
          v[j] = v[j - 1];
          j--;
        }
      v[j] = tmp;
    }
}

static gboolean
find_span (PvTimeline *self,
           gint64      index,
           guint      *span)
{
  guint lo = 0, hi = self->n_spans;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (self->spans[mid].index < index)
        lo = mid + 1;
      else if (self->spans[mid].index > index)
        hi = mid;
      else
        {
          *span = mid;
          return TRUE;
        }
    }
  return FALSE;
}

/**
 * pv_timeline_get_person:
 * @index: a person's Index
 *
 * Returns: (transfer none) (nullable): the person, as in pv_timeline_get_people ()
 */
PvPerson *
pv_timeline_get_person (PvTimeline *self,
                        gint64      index)
{
  g_autoptr(PvPerson) person = NULL;
  guint span;

  g_return_val_if_fail (PV_IS_TIMELINE (self), NULL);

  if (!find_span (self, index, &span))
    return NULL;
  /* The store holds a reference for as long as the timeline lives. */
  person = g_list_model_get_item (G_LIST_MODEL (self->people), span);
  return person;
}

/**
 * pv_timeline_get_track:
 * @index: a person's Index
 * @n_detections: (out): how many
 *
 * Returns: (transfer none) (nullable): the person's detections ordered by Timestamp, or %NULL
 *   when there is no such person
 */
const PvDetection *
pv_timeline_get_track (PvTimeline *self,
                       gint64      index,
                       guint      *n_detections)
{
  guint span;

  g_return_val_if_fail (PV_IS_TIMELINE (self), NULL);

  if (!find_span (self, index, &span))
    {
      if (n_detections != NULL)
        *n_detections = 0;
      return NULL;
    }
  if (n_detections != NULL)
    *n_detections = self->spans[span].length;
  return &self->detections[self->spans[span].start];
}

/**
 * pv_timeline_get_detections:
 * @n_detections: (out): how many
 *
 * All detections by Timestamp, then Index. The time-ordered copy is made on the first call
 * (64 bytes per detection), so a viewer that never asks does not pay for it.
 *
 * Returns: (transfer none): the detections
 */
const PvDetection *
pv_timeline_get_detections (PvTimeline *self,
                            guint      *n_detections)
{
  g_return_val_if_fail (PV_IS_TIMELINE (self), NULL);

  if (self->time_ordered == NULL)
    {
      self->time_ordered = g_new (PvDetection, MAX (self->n_detections, 1));
      for (guint i = 0; i < self->n_detections; i++)
        self->time_ordered[i] = self->detections[self->by_time[i].pos];
    }
  if (n_detections != NULL)
    *n_detections = self->n_detections;
  return self->time_ordered;
}
