/* editions: every edition under a content folder, built in parallel (kaartset build --all). */
#ifndef KAARTSET_EDITIONS_H
#define KAARTSET_EDITIONS_H

#include <stdio.h>

#include "build.h"

/* Builds every folder of content_root that holds an instrument.xml (in name
 * order) with the options of base, its content_dir and out_dir replaced:
 * out_root/<folder name>. Each edition runs in a process of its own, at
 * most as many at once as the machine has processors; its diagnostics go
 * to err and one summary line to out, per edition in name order, when it
 * ends. Returns BUILD_OK when all were built, else the code of the first
 * that failed (BUILD_IO_ERROR when content_root cannot be read or holds no
 * edition). */
int editions_build_all(const build_options *base, const char *content_root,
                       const char *out_root, FILE *out, FILE *err);

#endif
