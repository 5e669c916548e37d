from .cli import maintainer_main

maintainer_main()
