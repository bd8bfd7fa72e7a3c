// quire default theme
