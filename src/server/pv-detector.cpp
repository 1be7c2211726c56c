/* pv-detector.cpp
 *
 * Copyright 2026 The Pathview authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "pv-detector"

#include "config.h"

#include <cmath>
#include <vector>

#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>
#include <opencv2/objdetect.hpp>

#include "pv-detector.h"

/* The only C++ in Pathview: OpenCV's detectors have no C API any more. Nothing C++ crosses this
 * file's border: every OpenCV exception is caught here and turned into "nothing found" or a
 * GError, because unwinding through C frames is undefined. */

#define DEFAULT_CASCADE_DIR "/usr/share/opencv4/haarcascades"

struct _PvDetector
{
  PvDetectorOptions      options;
  char                  *cascade_dir;
  cv::HOGDescriptor      hog;
  cv::CascadeClassifier  body;
  cv::CascadeClassifier  face;
  cv::CascadeClassifier  eye;
  gboolean               with_faces;
};

G_DEFINE_QUARK (pv-detector-error-quark, pv_detector_error)

void
pv_detector_options_init (PvDetectorOptions *options)
{
  g_return_if_fail (options != NULL);

  /* Chosen on PETS09-S2L1 against its public detections: see tools/bench-analyzer. */
  options->kind = PV_DETECTOR_KIND_HOG;
  options->upscale = 1.3;
  options->scale_step = 1.1;
  options->hit_threshold = 0.0;
  options->min_neighbors = 3;
  options->cascade_dir = NULL;
}

const char *
pv_detector_kind_to_string (PvDetectorKind kind)
{
  switch (kind)
    {
    case PV_DETECTOR_KIND_HOG:
      return "hog";
    case PV_DETECTOR_KIND_CASCADE:
      return "cascade";
    default:
      return NULL;
    }
}

gboolean
pv_detector_kind_from_string (const char     *text,
                              PvDetectorKind *kind_out)
{
  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (kind_out != NULL, FALSE);

  if (g_str_equal (text, "hog"))
    *kind_out = PV_DETECTOR_KIND_HOG;
  else if (g_str_equal (text, "cascade"))
    *kind_out = PV_DETECTOR_KIND_CASCADE;
  else
    return FALSE;
  return TRUE;
}

static gboolean
load_cascade (cv::CascadeClassifier  &classifier,
              const char             *dir,
              const char             *name,
              GError                **error)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);

  try
    {
      if (classifier.load (path))
        return TRUE;
    }
  catch (const cv::Exception &e)
    {
      g_debug ("%s: %s", path, e.what ());
    }

  g_set_error (error, PV_DETECTOR_ERROR, PV_DETECTOR_ERROR_MISSING_MODEL,
               "Cannot load the cascade “%s”: is the opencv-data package installed?", path);
  return FALSE;
}

PvDetector *
pv_detector_new (const PvDetectorOptions  *options,
                 gboolean                  with_faces,
                 GError                  **error)
{
  g_return_val_if_fail (options != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!(options->upscale > 0.1 && options->upscale <= 4.0))
    {
      g_set_error (error, PV_DETECTOR_ERROR, PV_DETECTOR_ERROR_INVALID_OPTIONS,
                   "Detector upscale %g is outside 0.1..4", options->upscale);
      return NULL;
    }
  if (!(options->scale_step > 1.0 && options->scale_step < 2.0))
    {
      g_set_error (error, PV_DETECTOR_ERROR, PV_DETECTOR_ERROR_INVALID_OPTIONS,
                   "Detector scale step %g is outside 1..2 (exclusive)", options->scale_step);
      return NULL;
    }

  PvDetector *self = new PvDetector ();
  self->options = *options;
  self->cascade_dir = g_strdup (options->cascade_dir ? options->cascade_dir : DEFAULT_CASCADE_DIR);
  self->options.cascade_dir = self->cascade_dir;
  self->with_faces = with_faces;

  gboolean ok = TRUE;
  if (options->kind == PV_DETECTOR_KIND_HOG)
    self->hog.setSVMDetector (cv::HOGDescriptor::getDefaultPeopleDetector ());
  else
    ok = load_cascade (self->body, self->cascade_dir, "haarcascade_fullbody.xml", error);

  if (ok && with_faces)
    ok = load_cascade (self->face, self->cascade_dir, "haarcascade_frontalface_default.xml", error)
         && load_cascade (self->eye, self->cascade_dir, "haarcascade_eye.xml", error);

  if (!ok)
    {
      pv_detector_free (self);
      return NULL;
    }
  return self;
}

void
pv_detector_free (PvDetector *self)
{
  if (self == NULL)
    return;
  g_free (self->cascade_dir);
  delete self;
}

/* A monotone map from a raw score (SVM margin or cascade stage sum, 0 at the decision border) to
 * percent. It is not a calibrated probability; it only keeps the order and the 0..100 range the
 * API's Confidence fields use. */
static float
score_to_percent (double score)
{
  return (float) (100.0 / (1.0 + std::exp (-2.0 * score)));
}

static cv::Mat
frame_to_bgr (const PvFrame *frame)
{
  if (frame->format == PV_PIXEL_FORMAT_BGR)
    return cv::Mat (frame->height, frame->width, CV_8UC3, (void *) frame->data, frame->stride);

  cv::Mat bgrx (frame->height, frame->width, CV_8UC4, (void *) frame->data, frame->stride);
  cv::Mat bgr;
  cv::cvtColor (bgrx, bgr, cv::COLOR_BGRA2BGR);
  return bgr;
}

static gboolean
frame_is_valid (const PvFrame *frame)
{
  int bpp = frame->format == PV_PIXEL_FORMAT_BGR ? 3 : 4;

  return frame->data != NULL && frame->width > 0 && frame->height > 0
         && frame->stride >= frame->width * bpp;
}

GArray *
pv_detector_detect_people (PvDetector    *self,
                           const PvFrame *frame)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (frame != NULL && frame_is_valid (frame), NULL);

  GArray *out = g_array_new (FALSE, FALSE, sizeof (PvDetectorBox));
  double up = self->options.upscale;

  try
    {
      cv::Mat bgr = frame_to_bgr (frame);
      cv::Mat scaled;
      if (up != 1.0)
        cv::resize (bgr, scaled, cv::Size (), up, up, cv::INTER_LINEAR);
      else
        scaled = bgr;

      std::vector<cv::Rect> rects;
      std::vector<double> weights;

      if (self->options.kind == PV_DETECTOR_KIND_HOG)
        {
          self->hog.detectMultiScale (scaled, rects, weights, self->options.hit_threshold,
                                      cv::Size (8, 8), cv::Size (0, 0),
                                      self->options.scale_step, 2.0, false);
          /* The HOG window has a margin around the person: shrink to the body, as OpenCV's own
           * peopledetect sample does, or the IoU against tight boxes stays under 0.5. */
          for (auto &r : rects)
            {
              r.x += cvRound (r.width * 0.1);
              r.width = cvRound (r.width * 0.8);
              r.y += cvRound (r.height * 0.07);
              r.height = cvRound (r.height * 0.8);
            }
        }
      else
        {
          cv::Mat gray;
          std::vector<int> levels;
          cv::cvtColor (scaled, gray, cv::COLOR_BGR2GRAY);
          self->body.detectMultiScale (gray, rects, levels, weights, self->options.scale_step,
                                       self->options.min_neighbors, 0, cv::Size (), cv::Size (),
                                       true);
        }

      for (gsize i = 0; i < rects.size (); i++)
        {
          double w = i < weights.size () ? weights[i] : 0.0;
          if (self->options.kind == PV_DETECTOR_KIND_CASCADE && w < self->options.hit_threshold)
            continue;

          PvDetectorBox box;
          box.x = rects[i].x / up;
          box.y = rects[i].y / up;
          box.width = rects[i].width / up;
          box.height = rects[i].height / up;
          box.confidence = score_to_percent (w);
          g_array_append_val (out, box);
        }
    }
  catch (const cv::Exception &e)
    {
      g_warning ("Person detection failed on a %dx%d frame: %s", frame->width, frame->height,
                 e.what ());
      g_array_set_size (out, 0);
    }

  return out;
}

static cv::Rect
clip_rect (cv::Rect r,
           int      width,
           int      height)
{
  return r & cv::Rect (0, 0, width, height);
}

gboolean
pv_detector_detect_face (PvDetector          *self,
                         const PvFrame       *frame,
                         const PvDetectorBox *person,
                         PvDetectorFace      *face_out)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (self->with_faces, FALSE);
  g_return_val_if_fail (frame != NULL && frame_is_valid (frame), FALSE);
  g_return_val_if_fail (person != NULL, FALSE);
  g_return_val_if_fail (face_out != NULL, FALSE);

  memset (face_out, 0, sizeof *face_out);

  try
    {
      /* A face is in the top part of an upright person: searching only there is faster and
       * cannot put a "face" on a knee. */
      cv::Rect head (cvRound (person->x - 0.1 * person->width), cvRound (person->y),
                     cvRound (person->width * 1.2), cvRound (person->height * 0.4));
      head = clip_rect (head, frame->width, frame->height);
      if (head.width < 8 || head.height < 8)
        return FALSE;

      cv::Mat bgr = frame_to_bgr (frame);
      cv::Mat gray;
      cv::cvtColor (bgr (head), gray, cv::COLOR_BGR2GRAY);

      /* A face is about a third of a person's width; the cascade's smallest face is 24 px. Scale
       * small heads up so a face there can be found at all, and big ones down to save time. */
      double expected_face = person->width / 3.0;
      double s = CLAMP (32.0 / MAX (expected_face, 1.0), 0.5, 4.0);
      cv::Mat scaled;
      cv::resize (gray, scaled, cv::Size (), s, s, s > 1.0 ? cv::INTER_LINEAR : cv::INTER_AREA);
      cv::equalizeHist (scaled, scaled);

      std::vector<cv::Rect> faces;
      std::vector<int> levels;
      std::vector<double> weights;
      self->face.detectMultiScale (scaled, faces, levels, weights, 1.1, 3, 0, cv::Size (24, 24),
                                   cv::Size (), true);
      if (faces.empty ())
        return FALSE;

      gsize best = 0;
      for (gsize i = 1; i < faces.size (); i++)
        if (weights[i] > weights[best])
          best = i;
      if (weights[best] <= 0.0)
        return FALSE;

      cv::Rect f = faces[best];
      face_out->box.x = head.x + f.x / s;
      face_out->box.y = head.y + f.y / s;
      face_out->box.width = f.width / s;
      face_out->box.height = f.height / s;
      face_out->box.confidence = score_to_percent (weights[best]);

      /* Eyes sit in the upper part of the face; scale the face to at least 96 px so the eye
       * cascade (20 px minimum) has something to see. */
      cv::Rect upper (f.x, f.y, f.width, cvRound (f.height * 0.6));
      upper = clip_rect (upper, scaled.cols, scaled.rows);
      double es = MAX (1.0, 96.0 / MAX (f.width, 1));
      cv::Mat eyes_img;
      cv::resize (scaled (upper), eyes_img, cv::Size (), es, es, cv::INTER_LINEAR);

      std::vector<cv::Rect> eyes;
      self->eye.detectMultiScale (eyes_img, eyes, 1.1, 3, 0, cv::Size (12, 12));

      double face_cx = upper.width * es / 2.0;
      for (const auto &e : eyes)
        {
          double cx = e.x + e.width / 2.0;
          double cy = e.y + e.height / 2.0;
          /* Back to frame pixels: eye image -> scaled head -> frame. */
          double fx = head.x + (upper.x + cx / es) / s;
          double fy = head.y + (upper.y + cy / es) / s;
          if (cx < face_cx && !face_out->has_eye_left)
            {
              face_out->has_eye_left = TRUE;
              face_out->eye_left_x = fx;
              face_out->eye_left_y = fy;
            }
          else if (cx >= face_cx && !face_out->has_eye_right)
            {
              face_out->has_eye_right = TRUE;
              face_out->eye_right_x = fx;
              face_out->eye_right_y = fy;
            }
        }
      return TRUE;
    }
  catch (const cv::Exception &e)
    {
      g_warning ("Face detection failed: %s", e.what ());
      memset (face_out, 0, sizeof *face_out);
      return FALSE;
    }
}
