#include "specs/spec_loader.h"
int main(){}
