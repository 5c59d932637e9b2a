// OpenBLAS's CBLAS interface (Debian's libopenblas-dev): single-precision matrix products for
// the French analysis (VigieLanguage).
#include <cblas.h>
