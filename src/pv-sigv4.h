/* pv-sigv4.h
 *
 * Copyright 2026 The Pathview authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define PV_SIGV4_ERROR (pv_sigv4_error_quark ())

typedef enum {
  PV_SIGV4_ERROR_MALFORMED, /* an Authorization header or X-Amz-Date that does not parse */
} PvSigv4Error;

GQuark pv_sigv4_error_quark (void);

/* One request header as sent. Repeated names are allowed (their values are joined with ','). */
typedef struct {
  const char *name;
  const char *value;
} PvSigv4Header;

/* The parts of an "AWS4-HMAC-SHA256 Credential=..., SignedHeaders=..., Signature=..." header. */
typedef struct {
  char  *access_key;
  char  *date;            /* 20150830 */
  char  *region;
  char  *service;
  char **signed_headers;  /* lower case, in the order given */
  char  *signature;       /* 64 lower-case hex digits */
} PvSigv4Authorization;

/* path and query are as sent on the wire (query without '?', NULL or "" for none).
 * Every header given is signed. */
char  *pv_sigv4_canonical_request   (const char          *method,
                                     const char          *path,
                                     const char          *query,
                                     const PvSigv4Header *headers,
                                     guint                n_headers,
                                     const guint8        *body,
                                     gsize                body_len,
                                     char               **signed_headers_out);
char  *pv_sigv4_string_to_sign      (const char          *amz_date,
                                     const char          *region,
                                     const char          *service,
                                     const char          *canonical_request);
void   pv_sigv4_signing_key         (const char          *secret,
                                     const char          *date,
                                     const char          *region,
                                     const char          *service,
                                     guint8               key_out[32]);
char  *pv_sigv4_signature           (const char          *secret,
                                     const char          *amz_date,
                                     const char          *region,
                                     const char          *service,
                                     const char          *string_to_sign);
char  *pv_sigv4_authorization       (const char          *access_key,
                                     const char          *secret,
                                     const char          *region,
                                     const char          *service,
                                     const char          *amz_date,
                                     const char          *method,
                                     const char          *path,
                                     const char          *query,
                                     const PvSigv4Header *headers,
                                     guint                n_headers,
                                     const guint8        *body,
                                     gsize                body_len);

char  *pv_sigv4_format_amz_date     (GDateTime           *time);
GDateTime *pv_sigv4_parse_amz_date  (const char          *amz_date,
                                     GError             **error);

gboolean pv_sigv4_parse_authorization (const char           *value,
                                       PvSigv4Authorization *out,
                                       GError              **error);
void     pv_sigv4_authorization_clear (PvSigv4Authorization *authz);

gboolean pv_sigv4_equal_constant_time (const char *a,
                                       const char *b);

G_END_DECLS
