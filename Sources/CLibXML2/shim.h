#ifndef VIGIE_CLIBXML2_SHIM_H
#define VIGIE_CLIBXML2_SHIM_H
// libxml2 (Debian libxml2-dev): the XML and HTML parsers and their DOM, for VigieFormats.

// Debian builds libxml2 with ICU, and encoding.h then includes the system's ICU headers, whose
// types clash with the copy of ICU inside Foundation in any module importing both. Nothing here
// touches the ICU fields of xmlCharEncodingHandler (the only declarations that depend on it),
// so the headers are read without ICU; the library is unchanged.
#include <libxml/xmlversion.h>
#undef LIBXML_ICU_ENABLED

#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/HTMLparser.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>

// Swift cannot write a C variadic function, and libxml2's generic error channel is one: these
// no-op handlers live here so that nothing libxml2 reports ever reaches stderr.
static inline void vigie_xml_ignore_generic(void *context, const char *message, ...) {
    (void)context;
    (void)message;
}

static inline void vigie_xml_ignore_structured(void *context, xmlErrorPtr error) {
    (void)context;
    (void)error;
}

// Silences both error channels of the calling thread (libxml2 keeps them per thread).
static inline void vigie_xml_silence_thread(void) {
    xmlSetGenericErrorFunc(NULL, vigie_xml_ignore_generic);
    xmlSetStructuredErrorFunc(NULL, vigie_xml_ignore_structured);
}

// Silences the channels every thread starts with, and the calling one.
static inline void vigie_xml_silence_defaults(void) {
    xmlThrDefSetGenericErrorFunc(NULL, vigie_xml_ignore_generic);
    xmlThrDefSetStructuredErrorFunc(NULL, vigie_xml_ignore_structured);
    vigie_xml_silence_thread();
}
#endif
