from prisma.cli import main

main()
