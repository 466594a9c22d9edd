/* banned.h — functions we never call: unbounded copies, non-reentrant or unchecked
 * conversions. Included last by every .c file of dti (after system headers). */
#ifndef DTI_UTIL_BANNED_H
#define DTI_UTIL_BANNED_H

#define BANNED(func) sorry_##func##_is_banned_in_dti

#undef strcpy
#define strcpy(x, y) BANNED(strcpy)
#undef strcat
#define strcat(x, y) BANNED(strcat)
#undef strncpy
#define strncpy(x, y, n) BANNED(strncpy)
#undef sprintf
#define sprintf(...) BANNED(sprintf)
#undef vsprintf
#define vsprintf(...) BANNED(vsprintf)
#undef strtok
#define strtok(x, y) BANNED(strtok)
#undef atoi
#define atoi(x) BANNED(atoi)
#undef atol
#define atol(x) BANNED(atol)
#undef localtime
#define localtime(x) BANNED(localtime)
#undef gmtime
#define gmtime(x) BANNED(gmtime)

#endif
