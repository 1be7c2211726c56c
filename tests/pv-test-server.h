/* pv-test-server.h
 *
 * Copyright 2026 The Pathview authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "pv-result.h"

G_BEGIN_DECLS

/* Test credentials the server is started with: made up, never real. */
#define ACCESS_KEY "AKIDPATHVIEWTEST"
#define SECRET_KEY "pathview/test/SECRET+key0123456789abcdef"
/* Temporary credentials: valid only together with their session token. */
#define TEMP_ACCESS_KEY "ASIAPATHVIEWTEMP"
#define TEMP_SECRET_KEY "pathview/temp/SECRET+key9876543210fedcba"
#define SESSION_TOKEN "IQoJb3JpZ2luX2VjEXAMPLETOKEN//+/=="

typedef struct
{
  GSubprocess *process;
  char        *dir;
  char        *jobs_dir;
  char        *url;
  char        *log_path;
} PvTestServer;

/* What a job holds, or what a fetch got: the detections and an order-independent checksum. */
typedef struct
{
  guint   n;
  guint64 sum;
} PvTestExpected;

guint64        pv_test_detection_hash  (gint64    timestamp_ms,
                                        gint64    index,
                                        double    left,
                                        double    top);
PvTestExpected pv_test_result_expected (PvResult *result);

const char   *pv_test_server_binary   (void);
char         *pv_test_make_tmp_dir    (void);
void          pv_test_remove_tree     (const char *path);
PvTestServer *pv_test_server_start    (const char *const *extra_args);
void          pv_test_server_stop     (PvTestServer *server);
guint         pv_test_server_requests (PvTestServer *server);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PvTestServer, pv_test_server_stop)

G_END_DECLS
