"""Records: the YAML and front matter read strictly, validated into typed, frozen objects; problems said in Chinese."""
